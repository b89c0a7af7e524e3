// CRM scenario on proxies that Mono's wsdl generates from the reference WSDL (SoPrincipal reduced to
// AuthenticateUsernamePassword; Contact, Person, Project, Sale, Appointment reduced to the entity
// operations), in Ref.<Agent>.
//   usage: CrmScenarioWsdl.exe BASE_URL TENANT USER PASSWORD UPDATER UPDATER_PASSWORD
// USER creates a contact (two phones, an e-mail, an address), two persons, a project with both as
// members, a sale and an appointment linked to them, and reads each back; UPDATER changes one field of
// each; USER tries an invalid save, deletes the contact and reads everything again. Keys and steps are
// the same as CrmScenarioSvcutil.exe's; see README.md.
using System;
using System.Web.Services.Protocols;
using Interop;
using Interop.Wsdl;
using C = Ref.Contact;
using Pe = Ref.Person;
using Pr = Ref.Project;
using S = Ref.Sale;
using A = Ref.Appointment;

public static class CrmScenarioWsdl
{
    static Tenant tenant;
    static string ticket, updaterTicket;
    static int contactId, projectId, saleId, appointmentId;
    static readonly int[] personIds = new int[2];

    public static int Main(string[] args)
    {
        if (args.Length != 6)
        {
            Console.Error.WriteLine("usage: CrmScenarioWsdl.exe BASE_URL TENANT USER PASSWORD UPDATER UPDATER_PASSWORD");
            return 64;
        }
        tenant = new Tenant(args[0], args[1]);
        int failures = Output.Step("Login", () => ticket = tenant.Login("Login", args[2], args[3]));
        failures += Output.Step("LoginUpdater", () => updaterTicket = tenant.Login("LoginUpdater", args[4], args[5]));
        if (ticket == null || updaterTicket == null) return 1;

        failures += Output.Step("Contact", CreateContact);
        for (int i = 0; i < 2; i++)
        {
            int n = i;
            failures += Output.Step("Person" + (n + 1), () => CreatePerson(n));
        }
        failures += Output.Step("Project", CreateProject);
        failures += Output.Step("Sale", CreateSale);
        failures += Output.Step("Appointment", CreateAppointment);

        failures += Output.Step("Contact.Update", () =>
        {
            C.ContactEntity e = Proxy<C.WcfContactService>(ticket).GetContactEntity(contactId, true);
            e.Department = Sent.ContactDepartmentUpdated;
            Call("Contact.Update", Proxy<C.WcfContactService>(updaterTicket), p => p.SaveContactEntity(e));
            Call("Contact.Updated", Proxy<C.WcfContactService>(ticket), p => p.GetContactEntity(contactId, true));
        });
        failures += Output.Step("Person1.Update", () =>
        {
            Pe.PersonEntity e = Proxy<Pe.WcfPersonService>(ticket).GetPersonEntity(personIds[0], true);
            e.Title = Sent.PersonTitleUpdated;
            Call("Person1.Update", Proxy<Pe.WcfPersonService>(updaterTicket), p => p.SavePersonEntity(e));
            Call("Person1.Updated", Proxy<Pe.WcfPersonService>(ticket), p => p.GetPersonEntity(personIds[0], true));
        });
        failures += Output.Step("Project.Update", () =>
        {
            Pr.ProjectEntity e = Proxy<Pr.WcfProjectService>(ticket).GetProjectEntity(projectId, true);
            e.Name = Sent.ProjectNameUpdated;
            Call("Project.Update", Proxy<Pr.WcfProjectService>(updaterTicket), p => p.SaveProjectEntity(e));
            Call("Project.Updated", Proxy<Pr.WcfProjectService>(ticket), p => p.GetProjectEntity(projectId, true));
        });
        failures += Output.Step("Sale.Update", () =>
        {
            S.SaleEntity e = Proxy<S.WcfSaleService>(ticket).GetSaleEntity(saleId, true);
            e.Heading = Sent.SaleHeadingUpdated;
            Call("Sale.Update", Proxy<S.WcfSaleService>(updaterTicket), p => p.SaveSaleEntity(e));
            Call("Sale.Updated", Proxy<S.WcfSaleService>(ticket), p => p.GetSaleEntity(saleId, true));
        });
        failures += Output.Step("Appointment.Update", () =>
        {
            A.AppointmentEntity e = Proxy<A.WcfAppointmentService>(ticket).GetAppointmentEntity(appointmentId, true);
            e.Title = Sent.AppointmentTitleUpdated;
            Call("Appointment.Update", Proxy<A.WcfAppointmentService>(updaterTicket), p => p.SaveAppointmentEntity(e));
            Call("Appointment.Updated", Proxy<A.WcfAppointmentService>(ticket),
                 p => p.GetAppointmentEntity(appointmentId, true));
        });

        failures += Output.Step("Contact.Invalid", () =>
        {
            C.ContactEntity e = Proxy<C.WcfContactService>(ticket).GetContactEntity(contactId, true);
            e.Name = "";
            e.Department = "Not saved";
            Call("Contact.Invalid", Proxy<C.WcfContactService>(ticket), p => p.SaveContactEntity(e));
            Call("Contact.AfterInvalid", Proxy<C.WcfContactService>(ticket), p => p.GetContactEntity(contactId, true));
        });

        failures += Output.Step("Contact.Delete", () =>
            Call<C.WcfContactService, object>("Contact.Delete", Proxy<C.WcfContactService>(ticket), p =>
            {
                p.DeleteContactEntity(contactId, true);
                return null;
            }));
        failures += Output.Step("Contact.Deleted", () =>
            Call("Contact.Deleted", Proxy<C.WcfContactService>(ticket), p => p.GetContactEntity(contactId, true)));
        for (int i = 0; i < 2; i++)
        {
            int n = i;
            string step = "Person" + (n + 1) + ".Deleted";
            failures += Output.Step(step, () =>
                Call(step, Proxy<Pe.WcfPersonService>(ticket), p => p.GetPersonEntity(personIds[n], true)));
        }
        failures += Output.Step("Project.AfterDelete", () =>
            Call("Project.AfterDelete", Proxy<Pr.WcfProjectService>(ticket), p => p.GetProjectEntity(projectId, true)));
        failures += Output.Step("Sale.AfterDelete", () =>
            Call("Sale.AfterDelete", Proxy<S.WcfSaleService>(ticket), p => p.GetSaleEntity(saleId, true)));
        failures += Output.Step("Appointment.AfterDelete", () =>
            Call("Appointment.AfterDelete", Proxy<A.WcfAppointmentService>(ticket),
                 p => p.GetAppointmentEntity(appointmentId, true)));
        return failures == 0 ? 0 : 1;
    }

    static void CreateContact()
    {
        C.ContactEntity e = Call("Contact.Default", Proxy<C.WcfContactService>(ticket), p => p.CreateDefaultContactEntity());
        e.Name = Sent.ContactName;
        e.Department = Sent.ContactDepartment;
        e.OrgNr = Sent.ContactOrgNr;
        e.Description = Sent.ContactDescription;
        e.Phones = new[]
        {
            new C.EntityElement { Value = Sent.Phone1, Description = Sent.Phone1Description },
            new C.EntityElement { Value = Sent.Phone2, Description = Sent.Phone2Description },
        };
        e.Emails = new[] { new C.EntityElement { Value = Sent.Email, Description = Sent.EmailDescription } };
        e.Address = new C.Address
        {
            Street = new C.StructuredAddress
            {
                AtypeIdx = C.AddressType.Unknown, AtypeIdxSpecified = true,
                Address1 = Sent.Street, City = Sent.StreetCity, Zipcode = Sent.StreetZip,
            },
            Postal = new C.StructuredAddress
            {
                AtypeIdx = C.AddressType.Unknown, AtypeIdxSpecified = true,
                Address1 = Sent.Postal, City = Sent.PostalCity, Zipcode = Sent.PostalZip,
            },
            Formatted = Sent.AddressFormatted,
        };
        contactId = Call("Contact.Save", Proxy<C.WcfContactService>(ticket), p => p.SaveContactEntity(e)).ContactId;
        Call("Contact.Get", Proxy<C.WcfContactService>(ticket), p => p.GetContactEntity(contactId, true));
    }

    static void CreatePerson(int n)
    {
        string step = "Person" + (n + 1);
        Pe.PersonEntity e = Call(step + ".Default", Proxy<Pe.WcfPersonService>(ticket), p => p.CreateDefaultPersonEntity());
        e.Firstname = Sent.Firstnames[n];
        e.Lastname = Sent.Lastnames[n];
        e.Title = Sent.PersonTitle;
        e.Contact = new Pe.Contact { ContactId = contactId, ContactIdSpecified = true };
        personIds[n] = Call(step + ".Save", Proxy<Pe.WcfPersonService>(ticket), p => p.SavePersonEntity(e)).PersonId;
        Call(step + ".Get", Proxy<Pe.WcfPersonService>(ticket), p => p.GetPersonEntity(personIds[n], true));
    }

    static void CreateProject()
    {
        Pr.ProjectEntity e = Call("Project.Default", Proxy<Pr.WcfProjectService>(ticket), p => p.CreateDefaultProjectEntity());
        e.Name = Sent.ProjectName;
        e.ProjectNumber = Sent.ProjectNumber;
        e.Description = Sent.ProjectDescription;
        e.StartDate = Sent.Start;
        e.StartDateSpecified = true;
        e.EndDate = Sent.End;
        e.EndDateSpecified = true;
        e.ProjectMembers = new Pr.ProjectMember[2];
        for (int i = 0; i < 2; i++)
            e.ProjectMembers[i] = new Pr.ProjectMember
            {
                PersonId = personIds[i], PersonIdSpecified = true,
                ProjectMemberTypeId = Sent.ProjectMemberTypes[i], ProjectMemberTypeIdSpecified = true,
                Comment = i == 0 ? Sent.MemberComment : null,
            };
        projectId = Call("Project.Save", Proxy<Pr.WcfProjectService>(ticket), p => p.SaveProjectEntity(e)).ProjectId;
        Call("Project.Get", Proxy<Pr.WcfProjectService>(ticket), p => p.GetProjectEntity(projectId, true));
    }

    static void CreateSale()
    {
        S.SaleEntity e = Call("Sale.Default", Proxy<S.WcfSaleService>(ticket), p => p.CreateDefaultSaleEntity());
        e.Heading = Sent.SaleHeading;
        e.Number = Sent.SaleNumber;
        e.SaleText = Sent.SaleText;
        e.Amount = Sent.SaleAmount;
        e.AmountSpecified = true;
        e.Probability = Sent.SaleProbability;
        e.ProbabilitySpecified = true;
        e.Saledate = Sent.End;
        e.SaledateSpecified = true;
        e.Contact = new S.Contact { ContactId = contactId, ContactIdSpecified = true };
        e.Person = new S.Person { PersonId = personIds[0], PersonIdSpecified = true };
        e.Project = new S.Project { ProjectId = projectId, ProjectIdSpecified = true };
        S.SaleEntity saved = Call("Sale.Save", Proxy<S.WcfSaleService>(ticket), p => p.SaveSaleEntity(e));
        saleId = saved != null ? saved.SaleId : 0;
        Call("Sale.Get", Proxy<S.WcfSaleService>(ticket), p => p.GetSaleEntity(saleId, true));
    }

    static void CreateAppointment()
    {
        A.AppointmentEntity e = Call("Appointment.Default", Proxy<A.WcfAppointmentService>(ticket),
                                     p => p.CreateDefaultAppointmentEntity());
        e.Title = Sent.AppointmentTitle;
        e.Description = Sent.AppointmentDescription;
        e.Location = Sent.AppointmentLocation;
        e.StartDate = Sent.MeetingStart;
        e.StartDateSpecified = true;
        e.EndDate = Sent.MeetingEnd;
        e.EndDateSpecified = true;
        e.Contact = new A.Contact { ContactId = contactId, ContactIdSpecified = true };
        e.Person = new A.Person { PersonId = personIds[1], PersonIdSpecified = true };
        e.Project = new A.Project { ProjectId = projectId, ProjectIdSpecified = true };
        A.AppointmentEntity saved = Call("Appointment.Save", Proxy<A.WcfAppointmentService>(ticket),
                                         p => p.SaveAppointmentEntity(e));
        appointmentId = saved != null ? saved.AppointmentId : 0;
        Call("Appointment.Get", Proxy<A.WcfAppointmentService>(ticket), p => p.GetAppointmentEntity(appointmentId, true));
    }

    static T Proxy<T>(string ticket) where T : SoapHttpClientProtocol
    {
        return tenant.New<T>(ticket);
    }

    // Calls, then prints step.Response.* (the whole carrier), step.Succeeded and step.ExceptionInfo.*.
    static R Call<T, R>(string step, T proxy, Func<T, R> call) where T : SoapHttpClientProtocol
    {
        R result = Tenant.Call(step, proxy, call);
        Dump.Carrier(step + ".Response", result);
        return result;
    }
}
