// Shared by the wsdl programs (SoapHttpClientProtocol proxies in Ref.<Agent>, SoPrincipal reduced to
// AuthenticateUsernamePassword): a tenant's agents at BASE_URL/TENANT/Remote/<VERSION>/<Agent>.svc, a new
// proxy per call with the ticket in the Credentials header, the log-in, and the out headers printed.
// The version's namespace is the proxies' own (the WSDL they were generated from); only the address is here.
using System;
using System.Reflection;
using System.Web.Services.Protocols;
using P = Ref.SoPrincipal;

namespace Interop.Wsdl
{
    public class Tenant
    {
        readonly string baseUrl, name, version;

        public Tenant(string baseUrl, string name, string version = "Services88")
        {
            this.baseUrl = baseUrl;
            this.name = name;
            this.version = version;
        }

        public string Url(string agent)
        {
            return baseUrl.TrimEnd('/') + "/" + name + "/Remote/" + version + "/" + agent + ".svc";
        }

        // A new proxy of type (Ref.<Agent>.Wcf<Agent>Service) per call (a header the response leaves out
        // would keep its last value), with ticket in the Credentials header (CredentialsValue: mono.wsdl_proxy).
        public SoapHttpClientProtocol New(Type type, string ticket)
        {
            var proxy = (SoapHttpClientProtocol)Activator.CreateInstance(type);
            proxy.Url = Url(type.Name.Substring("Wcf".Length, type.Name.Length - "WcfService".Length));
            PropertyInfo header = type.GetProperty("CredentialsValue");
            object credentials = Activator.CreateInstance(header.PropertyType);
            header.PropertyType.GetProperty("Ticket").SetValue(credentials, ticket, null);
            header.SetValue(proxy, credentials, null);
            return proxy;
        }

        public T New<T>(string ticket) where T : SoapHttpClientProtocol
        {
            return (T)New(typeof(T), ticket);
        }

        // Logs in; prints step.AuthenticationSucceeded and step.AssociateId; returns the ticket.
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

        // Calls, prints step.Succeeded and step.ExceptionInfo.*, returns the answer.
        public static R Call<T, R>(string step, T proxy, Func<T, R> call) where T : SoapHttpClientProtocol
        {
            R result = call(proxy);
            PrintHeaders(step, proxy);
            return result;
        }

        // Succeeded is xs:boolean, which wsdl maps to a header class 'boolean' holding the text.
        public static void PrintHeaders(string step, SoapHttpClientProtocol proxy)
        {
            object succeeded = proxy.GetType().GetProperty("Succeeded").GetValue(proxy, null);
            string text = null;
            if (succeeded != null)
                text = Output.Format(succeeded.GetType().GetProperty("Text").GetValue(succeeded, null) ?? new string[0]);
            Console.WriteLine(step + ".Succeeded=" + (text ?? "null"));
            Output.ExceptionInfo(step + ".ExceptionInfo", proxy.GetType().GetProperty("ExceptionInfo").GetValue(proxy, null));
        }
    }
}
