// Entity families on proxies that Mono's wsdl generates from the reference WSDL (SoPrincipal reduced to
// AuthenticateUsernamePassword; each family's agent reduced to the operations the script calls), in
// Ref.<Agent>, class Wcf<Agent>Service. The steps come from a script (see Families.cs); keys as
// FamiliesSvcutil.exe's.
//   usage: FamiliesWsdl.exe BASE_URL TENANT USER PASSWORD SCRIPT
using System;
using System.Reflection;
using System.Web.Services.Protocols;
using Interop;
using P = Ref.SoPrincipal;

public class FamiliesWsdl : IFamiliesClient
{
    readonly string baseUrl, tenant;

    FamiliesWsdl(string baseUrl, string tenant)
    {
        this.baseUrl = baseUrl;
        this.tenant = tenant;
    }

    public static int Main(string[] args)
    {
        return Families.Main("FamiliesWsdl.exe", args, (url, tenant) => new FamiliesWsdl(url, tenant));
    }

    string Url(string agent)
    {
        return baseUrl.TrimEnd('/') + "/" + tenant + "/Remote/Services88/" + agent + ".svc";
    }

    public string Login(string step, string user, string password)
    {
        var proxy = new P.WcfSoPrincipalService { Url = Url("SoPrincipal") };
        P.SoCredentials credentials;
        bool succeeded, succeededSpecified;
        P.SoPrincipalCarrier principal = proxy.AuthenticateUsernamePassword(
            user, password, out credentials, out succeeded, out succeededSpecified);
        Output.Line(step + ".AuthenticationSucceeded", succeededSpecified ? (object)succeeded : null);
        Output.Line(step + ".AssociateId", principal != null ? (object)principal.AssociateId : null);
        return credentials != null ? credentials.Ticket : null;
    }

    // A new proxy per call (a header the response leaves out would keep its last value), at the tenant's
    // address, with ticket in the Credentials header (renamed CredentialsValue by mono.wsdl_proxy).
    public object Call(string step, string ticket, string agent, string operation, object argument)
    {
        string name = "Ref." + agent + ".Wcf" + agent + "Service";
        Type type = Type.GetType(name, true);
        var proxy = (SoapHttpClientProtocol)Activator.CreateInstance(type);
        proxy.Url = Url(agent);
        PropertyInfo header = type.GetProperty("CredentialsValue");
        object credentials = Activator.CreateInstance(header.PropertyType);
        header.PropertyType.GetProperty("Ticket").SetValue(credentials, ticket, null);
        header.SetValue(proxy, credentials, null);
        object result = Families.Invoke(proxy, operation, argument);
        PrintHeaders(step, proxy);
        return result;
    }

    // Succeeded is xs:boolean, which wsdl maps to a header class 'boolean' holding the text.
    static void PrintHeaders(string step, SoapHttpClientProtocol proxy)
    {
        object succeeded = proxy.GetType().GetProperty("Succeeded").GetValue(proxy, null);
        string text = null;
        if (succeeded != null)
            text = Output.Format(succeeded.GetType().GetProperty("Text").GetValue(succeeded, null) ?? new string[0]);
        Console.WriteLine(step + ".Succeeded=" + (text ?? "null"));
        Output.ExceptionInfo(step + ".ExceptionInfo", proxy.GetType().GetProperty("ExceptionInfo").GetValue(proxy, null));
    }
}
