// Log-in for WCF programs built with Mono's svcutil (compiled with every svcutil program that logs in).
// Mono's svcutil unwraps AuthenticateResponse (three children) into an operation returning only the
// carrier and expects the wrapper AuthenticateUsernamePasswordResponse, so it cannot read the reference
// wire format nor give the ticket. These message contracts are what Microsoft's svcutil writes for an
// operation whose wrapper is not <Op>Response, built on the generated data contracts of Ref.SoPrincipal.
using System.ServiceModel;
using System.ServiceModel.Channels;
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
