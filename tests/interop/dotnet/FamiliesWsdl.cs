// Entity families on proxies that Mono's wsdl generates from the reference WSDL (SoPrincipal reduced to
// AuthenticateUsernamePassword; each family's agent reduced to the operations the script calls), in
// Ref.<Agent>, class Wcf<Agent>Service. The steps come from a script (see Families.cs); keys as
// FamiliesSvcutil.exe's.
//   usage: FamiliesWsdl.exe BASE_URL TENANT USER PASSWORD SCRIPT
using System;
using System.Web.Services.Protocols;
using Interop;
using Interop.Wsdl;

public class FamiliesWsdl : IFamiliesClient
{
    readonly Tenant tenant;

    FamiliesWsdl(string baseUrl, string tenant)
    {
        this.tenant = new Tenant(baseUrl, tenant);
    }

    public static int Main(string[] args)
    {
        return Families.Main("FamiliesWsdl.exe", args, (url, tenant) => new FamiliesWsdl(url, tenant));
    }

    public string Login(string step, string user, string password)
    {
        return tenant.Login(step, user, password);
    }

    // A new proxy per call (Interop.Wsdl.Tenant.New), found by name.
    public object Call(string step, string ticket, string agent, string operation, object argument)
    {
        SoapHttpClientProtocol proxy = tenant.New(Type.GetType("Ref." + agent + ".Wcf" + agent + "Service", true), ticket);
        return Tenant.Call(step, proxy, p => Families.Invoke(p, operation, argument));
    }
}
