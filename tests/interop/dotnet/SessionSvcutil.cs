// Session client on WCF proxies that Mono's svcutil generates from the reference SoPrincipal.wsdl
// (reduced to AuthenticateUsernamePassword) and Associate.wsdl (reduced to GetAssociate).
//   usage: SessionSvcutil.exe login BASE_URL TENANT USER PASSWORD [N]
//          SessionSvcutil.exe call BASE_URL TENANT TICKET|-
// Same modes and keys as SessionWsdl.exe; see README.md.
//
// Mono's svcutil unwraps AuthenticateResponse (three children) into an operation returning only the
// carrier, and keeps WCF's default wrapper name AuthenticateUsernamePasswordResponse: against the
// reference wire format it throws "Element 'AuthenticateUsernamePasswordResponse' ... was not found",
// and it could not give the ticket anyway. So the log-in goes through the message contracts below,
// which are what Microsoft's svcutil writes for an operation whose wrapper is not <Op>Response, built
// on the generated data contracts (SoPrincipalCarrier, SoCredentials). GetAssociate uses the generated
// AssociateClient as it is.
using System;
using System.ServiceModel;
using System.ServiceModel.Channels;
using Interop;
using Interop.Wcf;
using P = Ref.SoPrincipal;
using A = Ref.Associate;

public static class SessionSvcutil
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
        Console.Error.WriteLine("usage: SessionSvcutil.exe login BASE_URL TENANT USER PASSWORD [N]\n"
                                + "       SessionSvcutil.exe call BASE_URL TENANT TICKET|-");
        return 64;
    }

    static EndpointAddress Address(string baseUrl, string tenant, string agent)
    {
        return new EndpointAddress(baseUrl.TrimEnd('/') + "/" + tenant + "/Remote/Services88/" + agent + ".svc");
    }

    static BasicHttpBinding Binding()
    {
        var binding = new BasicHttpBinding();
        binding.MaxReceivedMessageSize = 64 * 1024 * 1024;
        binding.ReaderQuotas.MaxStringContentLength = 64 * 1024 * 1024;
        return binding;
    }

    static string Login(string baseUrl, string tenant, string user, string password)
    {
        var client = new SoPrincipalLoginClient(Binding(), Address(baseUrl, tenant, "SoPrincipal"));
        Headers.Capture(client);
        string ticket;
        using (new OperationContextScope(client.InnerChannel))
        {
            AuthenticateResponseMessage answer = client.AuthenticateUsernamePassword(user, password);
            ticket = answer.Credentials != null ? answer.Credentials.Ticket : null;
            Output.Line("Login.AuthenticationSucceeded", answer.AuthenticationSucceeded);
            Output.Line("Login.Ticket", ticket);
            Output.Scalars("Login.Response", answer.Response);
            Headers.Print("Login");
        }
        client.Close();
        return ticket;
    }

    static void Call(string section, string baseUrl, string tenant, string ticket)
    {
        var client = new A.AssociateClient(Binding(), Address(baseUrl, tenant, "Associate"));
        Headers.Capture(client);
        using (new OperationContextScope(client.InnerChannel))
        {
            Headers.AddCredentials(ticket);
            A.Data.Associate associate = client.GetAssociate(1);
            Output.Scalars(section + ".Response", associate);
            Headers.Print(section);
        }
        client.Close();
    }
}
