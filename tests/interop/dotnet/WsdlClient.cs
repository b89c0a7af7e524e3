// Client built on proxies that Mono's wsdl (wsdl.exe style, SoapHttpClientProtocol) generates from the
// reference SoPrincipal.wsdl and Contact.wsdl, in the namespaces Ref.SoPrincipal and Ref.Contact.
//   usage: WsdlClient.exe BASE_URL [TICKET]     e.g. http://127.0.0.1:8000
// SOAP headers are proxy properties: CredentialsValue (renamed by mono.py, see README.md) is set before
// the call, the out headers (Succeeded, ExceptionInfo ...) are read back from the same properties after
// it. Use a new proxy per call, since a header the response leaves out keeps the value it had.
// SoPrincipal is reduced to GetSystemInfo: the whole reference WSDL gives a proxy that cannot be
// constructed (four operations share the AuthenticateResponse element).
using System;
using Interop;
using P = Ref.SoPrincipal;
using C = Ref.Contact;

public static class WsdlClient
{
    public static int Main(string[] args)
    {
        if (args.Length < 1 || args.Length > 2)
        {
            Console.Error.WriteLine("usage: WsdlClient.exe BASE_URL [TICKET]");
            return 64;
        }
        string baseUrl = args[0];
        string ticket = args.Length > 1 ? args[1] : null;
        int failures = 0;

        failures += Output.Step("GetSystemInfo", () =>
        {
            var proxy = new P.WcfSoPrincipalService { Url = Output.ServiceUrl(baseUrl, "SoPrincipal") };
            P.SoSystemInfoCarrier info = proxy.GetSystemInfo();
            Output.Scalars("GetSystemInfo.SystemInfo", info);
            PrintHeaders("GetSystemInfo", proxy.Succeeded, proxy.ExceptionInfo);
        });

        failures += Output.Step("GetContactEntity", () =>
        {
            var proxy = new C.WcfContactService { Url = Output.ServiceUrl(baseUrl, "Contact") };
            if (ticket != null) proxy.CredentialsValue = new C.SoCredentials { Ticket = ticket };
            // wsdl.exe adds a ...Specified flag for every minOccurs="0" value type: false omits the id.
            C.ContactEntity entity = proxy.GetContactEntity(1, true);
            Output.Scalars("GetContactEntity.Response", entity);
            PrintHeaders("GetContactEntity", proxy.Succeeded, proxy.ExceptionInfo);
        });

        failures += Output.Step("GetAddress", () =>
        {
            var proxy = new C.WcfContactService { Url = Output.ServiceUrl(baseUrl, "Contact") };
            if (ticket != null) proxy.CredentialsValue = new C.SoCredentials { Ticket = ticket };
            C.Address address = proxy.GetAddress(1, true);
            Output.Scalars("GetAddress.Response", address);
            PrintHeaders("GetAddress", proxy.Succeeded, proxy.ExceptionInfo);
        });

        return failures == 0 ? 0 : 1;
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
