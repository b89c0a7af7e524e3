// Session client on proxies that Mono's wsdl generates from the reference SoPrincipal.wsdl (reduced to
// AuthenticateUsernamePassword) and Associate.wsdl (reduced to GetAssociate), in Ref.SoPrincipal and
// Ref.Associate.
//   usage: SessionWsdl.exe login BASE_URL TENANT USER PASSWORD [N]
//            log in at BASE_URL/TENANT/Remote/Services88, print Login.*, then with the ticket call
//            GetAssociate(1) N times (default 20), printing Call.<i>.*
//          SessionWsdl.exe call BASE_URL TENANT TICKET
//            one GetAssociate(1) with TICKET ("-" sends no Credentials header), printing Call.*
// Same keys as SessionSvcutil.exe; see README.md.
using System;
using Interop;
using P = Ref.SoPrincipal;
using A = Ref.Associate;

public static class SessionWsdl
{
    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "";
        if (mode == "login" && (args.Length == 5 || args.Length == 6))
        {
            string ticket = null;
            int failures = Output.Step("Login", () => ticket = Login(args[1], args[2], args[3], args[4]));
            int n = args.Length == 6 ? int.Parse(args[5]) : 20;
            for (int i = 1; ticket != null && i <= n; i++)
            {
                string section = "Call." + i;
                failures += Output.Step(section, () => Call(section, args[1], args[2], ticket));
            }
            return failures == 0 ? 0 : 1;
        }
        if (mode == "call" && args.Length == 4)
            return Output.Step("Call", () => Call("Call", args[1], args[2], args[3] == "-" ? null : args[3]));
        Console.Error.WriteLine("usage: SessionWsdl.exe login BASE_URL TENANT USER PASSWORD [N]\n"
                                + "       SessionWsdl.exe call BASE_URL TENANT TICKET|-");
        return 64;
    }

    static string Url(string baseUrl, string tenant, string agent)
    {
        return baseUrl.TrimEnd('/') + "/" + tenant + "/Remote/Services88/" + agent + ".svc";
    }

    static string Login(string baseUrl, string tenant, string user, string password)
    {
        var proxy = new P.WcfSoPrincipalService { Url = Url(baseUrl, tenant, "SoPrincipal") };
        P.SoCredentials credentials;
        bool succeeded, succeededSpecified;
        P.SoPrincipalCarrier principal = proxy.AuthenticateUsernamePassword(
            user, password, out credentials, out succeeded, out succeededSpecified);
        string ticket = credentials != null ? credentials.Ticket : null;
        Output.Line("Login.AuthenticationSucceeded", succeededSpecified ? (object)succeeded : null);
        Output.Line("Login.Ticket", ticket);
        Output.Scalars("Login.Response", principal);
        PrintHeaders("Login", proxy.Succeeded, proxy.ExceptionInfo);
        return ticket;
    }

    // A new proxy per call: a header the response leaves out would keep the value it had.
    static void Call(string section, string baseUrl, string tenant, string ticket)
    {
        var proxy = new A.WcfAssociateService { Url = Url(baseUrl, tenant, "Associate") };
        if (ticket != null) proxy.CredentialsValue = new A.SoCredentials { Ticket = ticket };
        A.Associate associate = proxy.GetAssociate(1, true);  // true: the ...Specified flag, else no id is sent
        Output.Scalars(section + ".Response", associate);
        PrintHeaders(section, proxy.Succeeded, proxy.ExceptionInfo);
    }

    // Succeeded is xs:boolean, which wsdl.exe maps to a header class 'boolean' holding the text.
    static void PrintHeaders(string section, object succeeded, object exceptionInfo)
    {
        string text = null;
        if (succeeded != null)
            text = Output.Format(succeeded.GetType().GetProperty("Text").GetValue(succeeded, null) ?? new string[0]);
        Console.WriteLine(section + ".Succeeded=" + (text ?? "null"));
        Output.ExceptionInfo(section + ".ExceptionInfo", exceptionInfo);
    }
}
