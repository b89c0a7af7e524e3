// The Contact round trip of an older contract on proxies that Mono's wsdl generates from that version's
// reference WSDL (SoPrincipal reduced to AuthenticateUsernamePassword, Contact to the entity operations),
// in Ref.<Agent>; the same source built from Services84, Services87 or Services88.
//   usage: OlderContactWsdl.exe BASE_URL TENANT VERSION USER PASSWORD [CONTACT_ID]
// Logs in at BASE_URL/TENANT/Remote/VERSION (Login.*); without CONTACT_ID: Contact.Default, Contact.Save
// (Name, Department, OrgNr and two phones of CrmScenario.cs's Sent), Contact.Get; with it:
// Contact.Get of that contact. Every call prints <step>.Response.* (Dump.Carrier), .Succeeded, .ExceptionInfo.*.
using System;
using Interop;
using Interop.Wsdl;
using C = Ref.Contact;

public static class OlderContactWsdl
{
    public static int Main(string[] args)
    {
        if (args.Length != 5 && args.Length != 6)
        {
            Console.Error.WriteLine("usage: OlderContactWsdl.exe BASE_URL TENANT VERSION USER PASSWORD [CONTACT_ID]");
            return 64;
        }
        var tenant = new Tenant(args[0], args[1], args[2]);
        string ticket = null;
        int failures = Output.Step("Login", () => ticket = tenant.Login("Login", args[3], args[4]));
        if (ticket == null) return 1;
        Func<string, Func<C.WcfContactService, C.ContactEntity>, C.ContactEntity> call = (step, op) =>
        {
            C.ContactEntity result = Tenant.Call(step, tenant.New<C.WcfContactService>(ticket), op);
            Dump.Carrier(step + ".Response", result);
            return result;
        };
        int id = args.Length == 6 ? int.Parse(args[5]) : 0;
        if (id == 0)
            failures += Output.Step("Contact", () =>
            {
                C.ContactEntity e = call("Contact.Default", p => p.CreateDefaultContactEntity());
                e.Name = Sent.ContactName;
                e.Department = Sent.ContactDepartment;
                e.OrgNr = Sent.ContactOrgNr;
                e.Phones = new[] { Phone(Sent.Phone1, Sent.Phone1Description), Phone(Sent.Phone2, Sent.Phone2Description) };
                id = call("Contact.Save", p => p.SaveContactEntity(e)).ContactId;
            });
        failures += Output.Step("Contact.Get", () => call("Contact.Get", p => p.GetContactEntity(id, true)));
        return failures == 0 ? 0 : 1;
    }

    static C.EntityElement Phone(string value, string description)
    {
        return new C.EntityElement { Value = value, Description = description };
    }
}
