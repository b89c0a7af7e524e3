// Log-in for WCF programs built with Mono's svcutil (compiled with every svcutil program that logs in).
// Mono's svcutil unwraps AuthenticateResponse (three children) into an operation returning only the
// carrier and expects the wrapper AuthenticateUsernamePasswordResponse, so it cannot read the reference
// wire format nor give the ticket. These message contracts are what Microsoft's svcutil writes for an
// operation whose wrapper is not <Op>Response, built on the generated data contracts of Ref.SoPrincipal.
// Interop.Wcf.Tenant below is what the programs share to reach a tenant's agents and call them.
using System;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using Interop;
using Interop.Wcf;
using P = Ref.SoPrincipal;

[MessageContract(WrapperName = "AuthenticateUsernamePassword", WrapperNamespace = Ns.Services88, IsWrapped = true)]
public class AuthenticateUsernamePasswordRequest
{
    [MessageBodyMember(Namespace = Ns.Services88, Order = 0)] public string UserName;
    [MessageBodyMember(Namespace = Ns.Services88, Order = 1)] public string Password;
}

[MessageContract(WrapperName = "AuthenticateResponse", WrapperNamespace = Ns.Services88, IsWrapped = true)]
public class AuthenticateResponseMessage
{
    [MessageBodyMember(Namespace = Ns.Services88, Order = 0)] public P.Data.SoPrincipalCarrier Response;
    [MessageBodyMember(Namespace = Ns.Services88, Order = 1)] public P.Data.SoCredentials Credentials;
    [MessageBodyMember(Namespace = Ns.Services88, Order = 2)] public bool? AuthenticationSucceeded;
}

[ServiceContract(Namespace = Ns.Services88, Name = "SoPrincipal")]
public interface ISoPrincipalLogin
{
    [OperationContract(Action = Ns.Services88 + "/SoPrincipal/AuthenticateUsernamePassword",
                       ReplyAction = Ns.Services88 + "/SoPrincipal/AuthenticateUsernamePasswordResponse")]
    AuthenticateResponseMessage AuthenticateUsernamePassword(AuthenticateUsernamePasswordRequest request);
}

public class SoPrincipalLoginClient : ClientBase<ISoPrincipalLogin>
{
    public SoPrincipalLoginClient(Binding binding, EndpointAddress address) : base(binding, address) { }

    public AuthenticateResponseMessage AuthenticateUsernamePassword(string user, string password)
    {
        return Channel.AuthenticateUsernamePassword(new AuthenticateUsernamePasswordRequest { UserName = user, Password = password });
    }
}

namespace Interop.Wcf
{
    // A tenant's agents for the WCF programs: BASE_URL/TENANT/Remote/Services88/<Agent>.svc, a new
    // <Agent>Client per call, the log-in through SoPrincipalLoginClient.
    public class Tenant
    {
        readonly string baseUrl, name;

        public Tenant(string baseUrl, string name)
        {
            this.baseUrl = baseUrl;
            this.name = name;
        }

        public static BasicHttpBinding Binding()
        {
            var binding = new BasicHttpBinding();
            binding.MaxReceivedMessageSize = 64 * 1024 * 1024;
            binding.ReaderQuotas.MaxStringContentLength = 64 * 1024 * 1024;
            return binding;
        }

        public EndpointAddress Address(string agent)
        {
            return new EndpointAddress(baseUrl.TrimEnd('/') + "/" + name + "/Remote/Services88/" + agent + ".svc");
        }

        // A new client of type (an <Agent>Client) at the tenant's address, with the reply-header inspector.
        public ICommunicationObject New(Type type)
        {
            string agent = type.Name.Substring(0, type.Name.Length - "Client".Length);
            var client = (ICommunicationObject)Activator.CreateInstance(type, Binding(), Address(agent));
            ((ServiceEndpoint)type.GetProperty("Endpoint").GetValue(client, null)).Behaviors.Add(new ReplyHeaderCapture());
            return client;
        }

        public T New<T>() where T : ICommunicationObject
        {
            return (T)New(typeof(T));
        }

        // Logs in; prints step.AuthenticationSucceeded and step.AssociateId; returns the ticket.
        public string Login(string step, string user, string password)
        {
            var client = new SoPrincipalLoginClient(Binding(), Address("SoPrincipal"));
            AuthenticateResponseMessage answer = client.AuthenticateUsernamePassword(user, password);
            client.Close();
            Output.Line(step + ".AuthenticationSucceeded", answer.AuthenticationSucceeded);
            Output.Line(step + ".AssociateId", answer.Response != null ? (object)answer.Response.AssociateId : null);
            return answer.Credentials != null ? answer.Credentials.Ticket : null;
        }

        // Calls with ticket in the Credentials header, then (unless step is null) prints step.Succeeded and
        // step.ExceptionInfo.*; closes the client.
        public static R Call<T, R>(string step, string ticket, T client, Func<T, R> call) where T : ICommunicationObject
        {
            var channel = (IContextChannel)client.GetType().GetProperty("InnerChannel").GetValue(client, null);
            try
            {
                using (new OperationContextScope(channel))
                {
                    Headers.AddCredentials(ticket);
                    R result = call(client);
                    if (step != null) Headers.Print(step);
                    return result;
                }
            }
            finally
            {
                client.Abort();
            }
        }
    }
}
