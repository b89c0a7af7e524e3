// Entity families on WCF proxies that Mono's svcutil generates from the reference WSDL (each family's
// agent reduced to the operations the script calls), in Ref.<Agent> (class <Agent>Client) and
// Ref.<Agent>.Data. The steps come from a script (see Families.cs); keys as FamiliesWsdl.exe's. The
// log-in goes through the hand-written message contracts of SvcutilLogin.cs (Mono's svcutil cannot call
// AuthenticateUsernamePassword).
//   usage: FamiliesSvcutil.exe BASE_URL TENANT USER PASSWORD SCRIPT
using System;
using System.ServiceModel;
using System.ServiceModel.Description;
using Interop;
using Interop.Wcf;

public class FamiliesSvcutil : IFamiliesClient
{
    readonly string baseUrl, tenant;

    FamiliesSvcutil(string baseUrl, string tenant)
    {
        this.baseUrl = baseUrl;
        this.tenant = tenant;
    }

    public static int Main(string[] args)
    {
        return Families.Main("FamiliesSvcutil.exe", args, (url, tenant) => new FamiliesSvcutil(url, tenant));
    }

    static BasicHttpBinding Binding()
    {
        var binding = new BasicHttpBinding();
        binding.MaxReceivedMessageSize = 64 * 1024 * 1024;
        binding.ReaderQuotas.MaxStringContentLength = 64 * 1024 * 1024;
        return binding;
    }

    EndpointAddress Address(string agent)
    {
        return new EndpointAddress(baseUrl.TrimEnd('/') + "/" + tenant + "/Remote/Services88/" + agent + ".svc");
    }

    public string Login(string step, string user, string password)
    {
        var client = new SoPrincipalLoginClient(Binding(), Address("SoPrincipal"));
        AuthenticateResponseMessage answer = client.AuthenticateUsernamePassword(user, password);
        client.Close();
        Output.Line(step + ".AuthenticationSucceeded", answer.AuthenticationSucceeded);
        Output.Line(step + ".AssociateId", answer.Response != null ? (object)answer.Response.AssociateId : null);
        return answer.Credentials != null ? answer.Credentials.Ticket : null;
    }

    // A new <Agent>Client per call at the tenant's address, with the reply-header inspector
    // (Headers.Capture); the ticket goes in the Credentials header of an OperationContextScope.
    public object Call(string step, string ticket, string agent, string operation, object argument)
    {
        Type type = Type.GetType("Ref." + agent + "." + agent + "Client", true);
        var client = (ICommunicationObject)Activator.CreateInstance(type, Binding(), Address(agent));
        ((ServiceEndpoint)type.GetProperty("Endpoint").GetValue(client, null)).Behaviors.Add(new ReplyHeaderCapture());
        var channel = (IContextChannel)type.GetProperty("InnerChannel").GetValue(client, null);
        try
        {
            using (new OperationContextScope(channel))
            {
                Headers.AddCredentials(ticket);
                object result = Families.Invoke(client, operation, argument);
                Headers.Print(step);
                return result;
            }
        }
        finally
        {
            client.Abort();
        }
    }
}
