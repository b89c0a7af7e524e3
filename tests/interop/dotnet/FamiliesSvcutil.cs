// Entity families on WCF proxies that Mono's svcutil generates from the reference WSDL (each family's
// agent reduced to the operations the script calls), in Ref.<Agent> (class <Agent>Client) and
// Ref.<Agent>.Data. The steps come from a script (see Families.cs); keys as FamiliesWsdl.exe's. The
// tenant's agents and the log-in (Mono's svcutil cannot call AuthenticateUsernamePassword): Tenant in
// SvcutilLogin.cs.
//   usage: FamiliesSvcutil.exe BASE_URL TENANT USER PASSWORD SCRIPT
using System;
using System.ServiceModel;
using Interop;
using Interop.Wcf;

public class FamiliesSvcutil : IFamiliesClient
{
    readonly Tenant tenant;

    FamiliesSvcutil(string baseUrl, string tenant)
    {
        this.tenant = new Tenant(baseUrl, tenant);
    }

    public static int Main(string[] args)
    {
        return Families.Main("FamiliesSvcutil.exe", args, (url, tenant) => new FamiliesSvcutil(url, tenant));
    }

    public string Login(string step, string user, string password)
    {
        return tenant.Login(step, user, password);
    }

    // A new <Agent>Client per call at the tenant's address (Tenant.New, Tenant.Call: the ticket in the
    // Credentials header, the reply headers printed).
    public object Call(string step, string ticket, string agent, string operation, object argument)
    {
        ICommunicationObject client = tenant.New(Type.GetType("Ref." + agent + "." + agent + "Client", true));
        return Tenant.Call(step, ticket, client, c => Families.Invoke(c, operation, argument));
    }
}
