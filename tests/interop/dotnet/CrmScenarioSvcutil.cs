// CRM scenario on WCF proxies that Mono's svcutil generates from the reference WSDL (Contact, Person,
// Project, Sale, Appointment reduced to the entity operations), in Ref.<Agent> and Ref.<Agent>.Data.
//   usage: CrmScenarioSvcutil.exe BASE_URL TENANT USER PASSWORD UPDATER UPDATER_PASSWORD
// The same steps and keys as CrmScenarioWsdl.exe; see README.md. The tenant's agents and the log-in (hand-written
// message contracts: Mono's svcutil cannot call AuthenticateUsernamePassword): Tenant in SvcutilLogin.cs.
using System;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using Interop;
using Interop.Wcf;
using P = Ref.SoPrincipal;
using C = Ref.Contact;
using Pe = Ref.Person;
using Pr = Ref.Project;
using S = Ref.Sale;
using A = Ref.Appointment;

public static class CrmScenarioSvcutil
{
    static Tenant tenant;
    static string ticket, updaterTicket;
    static int contactId, projectId, saleId, appointmentId;
    static readonly int[] personIds = new int[2];

    public static int Main(string[] args)
    {
        if (args.Length != 6)
        {
            Console.Error.WriteLine("usage: CrmScenarioSvcutil.exe BASE_URL TENANT USER PASSWORD UPDATER UPDATER_PASSWORD");
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
            C.Data.ContactEntity e = Call(null, ticket, New<C.ContactClient>(), p => p.GetContactEntity(contactId));
            e.Department = Sent.ContactDepartmentUpdated;
            Call("Contact.Update", updaterTicket, New<C.ContactClient>(), p => p.SaveContactEntity(e));
            Call("Contact.Updated", ticket, New<C.ContactClient>(), p => p.GetContactEntity(contactId));
        });
        failures += Output.Step("Person1.Update", () =>
        {
            Pe.Data.PersonEntity e = Call(null, ticket, New<Pe.PersonClient>(), p => p.GetPersonEntity(personIds[0]));
            e.Title = Sent.PersonTitleUpdated;
            Call("Person1.Update", updaterTicket, New<Pe.PersonClient>(), p => p.SavePersonEntity(e));
            Call("Person1.Updated", ticket, New<Pe.PersonClient>(), p => p.GetPersonEntity(personIds[0]));
        });
        failures += Output.Step("Project.Update", () =>
        {
            Pr.Data.ProjectEntity e = Call(null, ticket, New<Pr.ProjectClient>(), p => p.GetProjectEntity(projectId));
            e.Name = Sent.ProjectNameUpdated;
            Call("Project.Update", updaterTicket, New<Pr.ProjectClient>(), p => p.SaveProjectEntity(e));
            Call("Project.Updated", ticket, New<Pr.ProjectClient>(), p => p.GetProjectEntity(projectId));
        });
        failures += Output.Step("Sale.Update", () =>
        {
            S.Data.SaleEntity e = Call(null, ticket, New<S.SaleClient>(), p => p.GetSaleEntity(saleId));
            e.Heading = Sent.SaleHeadingUpdated;
            Call("Sale.Update", updaterTicket, New<S.SaleClient>(), p => p.SaveSaleEntity(e));
            Call("Sale.Updated", ticket, New<S.SaleClient>(), p => p.GetSaleEntity(saleId));
        });
        failures += Output.Step("Appointment.Update", () =>
        {
            A.Data.AppointmentEntity e = Call(null, ticket, New<A.AppointmentClient>(), p => p.GetAppointmentEntity(appointmentId));
            e.Title = Sent.AppointmentTitleUpdated;
            Call("Appointment.Update", updaterTicket, New<A.AppointmentClient>(), p => p.SaveAppointmentEntity(e));
            Call("Appointment.Updated", ticket, New<A.AppointmentClient>(), p => p.GetAppointmentEntity(appointmentId));
        });

        failures += Output.Step("Contact.Invalid", () =>
        {
            C.Data.ContactEntity e = Call(null, ticket, New<C.ContactClient>(), p => p.GetContactEntity(contactId));
            e.Name = "";
            e.Department = "Not saved";
            Call("Contact.Invalid", ticket, New<C.ContactClient>(), p => p.SaveContactEntity(e));
            Call("Contact.AfterInvalid", ticket, New<C.ContactClient>(), p => p.GetContactEntity(contactId));
        });

        failures += Output.Step("Contact.Delete", () =>
            Call<C.ContactClient, object>("Contact.Delete", ticket, New<C.ContactClient>(), p =>
            {
                p.DeleteContactEntity(contactId);
                return null;
            }));
        failures += Output.Step("Contact.Deleted", () =>
            Call("Contact.Deleted", ticket, New<C.ContactClient>(), p => p.GetContactEntity(contactId)));
        for (int i = 0; i < 2; i++)
        {
            int n = i;
            string step = "Person" + (n + 1) + ".Deleted";
            failures += Output.Step(step, () => Call(step, ticket, New<Pe.PersonClient>(), p => p.GetPersonEntity(personIds[n])));
        }
        failures += Output.Step("Project.AfterDelete", () =>
            Call("Project.AfterDelete", ticket, New<Pr.ProjectClient>(), p => p.GetProjectEntity(projectId)));
        failures += Output.Step("Sale.AfterDelete", () =>
            Call("Sale.AfterDelete", ticket, New<S.SaleClient>(), p => p.GetSaleEntity(saleId)));
        failures += Output.Step("Appointment.AfterDelete", () =>
            Call("Appointment.AfterDelete", ticket, New<A.AppointmentClient>(), p => p.GetAppointmentEntity(appointmentId)));
        return failures == 0 ? 0 : 1;
    }

    static void CreateContact()
    {
        C.Data.ContactEntity e = Call("Contact.Default", ticket, New<C.ContactClient>(), p => p.CreateDefaultContactEntity());
        e.Name = Sent.ContactName;
        e.Department = Sent.ContactDepartment;
        e.OrgNr = Sent.ContactOrgNr;
        e.Description = Sent.ContactDescription;
        e.Phones = new[]
        {
            new C.Data.EntityElement { Value = Sent.Phone1, Description = Sent.Phone1Description },
            new C.Data.EntityElement { Value = Sent.Phone2, Description = Sent.Phone2Description },
        };
        e.Emails = new[] { new C.Data.EntityElement { Value = Sent.Email, Description = Sent.EmailDescription } };
        e.Address = new C.Data.Address
        {
            Street = new C.Data.StructuredAddress
            {
                AtypeIdx = C.Data.AddressType.Unknown, Address1 = Sent.Street, City = Sent.StreetCity, Zipcode = Sent.StreetZip,
            },
            Postal = new C.Data.StructuredAddress
            {
                AtypeIdx = C.Data.AddressType.Unknown, Address1 = Sent.Postal, City = Sent.PostalCity, Zipcode = Sent.PostalZip,
            },
            Formatted = Sent.AddressFormatted,
        };
        contactId = Call("Contact.Save", ticket, New<C.ContactClient>(), p => p.SaveContactEntity(e)).ContactId;
        Call("Contact.Get", ticket, New<C.ContactClient>(), p => p.GetContactEntity(contactId));
    }

    static void CreatePerson(int n)
    {
        string step = "Person" + (n + 1);
        Pe.Data.PersonEntity e = Call(step + ".Default", ticket, New<Pe.PersonClient>(), p => p.CreateDefaultPersonEntity());
        e.Firstname = Sent.Firstnames[n];
        e.Lastname = Sent.Lastnames[n];
        e.Title = Sent.PersonTitle;
        e.Contact = new Pe.Data.Contact { ContactId = contactId };
        personIds[n] = Call(step + ".Save", ticket, New<Pe.PersonClient>(), p => p.SavePersonEntity(e)).PersonId;
        Call(step + ".Get", ticket, New<Pe.PersonClient>(), p => p.GetPersonEntity(personIds[n]));
    }

    static void CreateProject()
    {
        Pr.Data.ProjectEntity e = Call("Project.Default", ticket, New<Pr.ProjectClient>(), p => p.CreateDefaultProjectEntity());
        e.Name = Sent.ProjectName;
        e.ProjectNumber = Sent.ProjectNumber;
        e.Description = Sent.ProjectDescription;
        e.StartDate = Sent.Start;
        e.EndDate = Sent.End;
        e.ProjectMembers = new Pr.Data.ProjectMember[2];
        for (int i = 0; i < 2; i++)
            e.ProjectMembers[i] = new Pr.Data.ProjectMember
            {
                PersonId = personIds[i], ProjectMemberTypeId = Sent.ProjectMemberTypes[i],
                Comment = i == 0 ? Sent.MemberComment : null,
            };
        projectId = Call("Project.Save", ticket, New<Pr.ProjectClient>(), p => p.SaveProjectEntity(e)).ProjectId;
        Call("Project.Get", ticket, New<Pr.ProjectClient>(), p => p.GetProjectEntity(projectId));
    }

    static void CreateSale()
    {
        S.Data.SaleEntity e = Call("Sale.Default", ticket, New<S.SaleClient>(), p => p.CreateDefaultSaleEntity());
        e.Heading = Sent.SaleHeading;
        e.Number = Sent.SaleNumber;
        e.SaleText = Sent.SaleText;
        e.Amount = Sent.SaleAmount;
        e.Probability = Sent.SaleProbability;
        e.Saledate = Sent.End;
        e.Contact = new S.Data.Contact { ContactId = contactId };
        e.Person = new S.Data.Person { PersonId = personIds[0] };
        e.Project = new S.Data.Project { ProjectId = projectId };
        S.Data.SaleEntity saved = Call("Sale.Save", ticket, New<S.SaleClient>(), p => p.SaveSaleEntity(e));
        saleId = saved != null ? saved.SaleId : 0;
        Call("Sale.Get", ticket, New<S.SaleClient>(), p => p.GetSaleEntity(saleId));
    }

    static void CreateAppointment()
    {
        A.Data.AppointmentEntity e = Call("Appointment.Default", ticket, New<A.AppointmentClient>(),
                                          p => p.CreateDefaultAppointmentEntity());
        e.Title = Sent.AppointmentTitle;
        e.Description = Sent.AppointmentDescription;
        e.Location = Sent.AppointmentLocation;
        e.StartDate = Sent.MeetingStart;
        e.EndDate = Sent.MeetingEnd;
        e.Contact = new A.Data.Contact { ContactId = contactId };
        e.Person = new A.Data.Person { PersonId = personIds[1] };
        e.Project = new A.Data.Project { ProjectId = projectId };
        A.Data.AppointmentEntity saved = Call("Appointment.Save", ticket, New<A.AppointmentClient>(), p => p.SaveAppointmentEntity(e));
        appointmentId = saved != null ? saved.AppointmentId : 0;
        Call("Appointment.Get", ticket, New<A.AppointmentClient>(), p => p.GetAppointmentEntity(appointmentId));
    }

    // A new <Agent>Client at the tenant's address (Tenant.New).
    static T New<T>() where T : ICommunicationObject
    {
        return tenant.New<T>();
    }

    // Calls with ticket in the Credentials header (Tenant.Call), then (unless step is null) prints
    // step.Response.* (the whole carrier), step.Succeeded and step.ExceptionInfo.*.
    static R Call<T, R>(string step, string ticket, T client, Func<T, R> call) where T : ICommunicationObject
    {
        R result = Tenant.Call(step, ticket, client, call);
        if (step != null) Dump.Carrier(step + ".Response", result);
        return result;
    }
}
