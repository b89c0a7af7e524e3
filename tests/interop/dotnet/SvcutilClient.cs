// Client built on WCF ClientBase proxies that Mono's svcutil generates from reference WSDL reduced to
// the operations used (SoPrincipal: GetSystemInfo; Contact: GetContactEntity, GetAddress). tests/interop/mono.py
// puts each proxy's contract and client in Ref.<Agent> and its data contracts in Ref.<Agent>.Data.
//   usage: SvcutilClient.exe BASE_URL [TICKET]     e.g. http://127.0.0.1:8000
// Prints the same key=value lines as WsdlClient.exe.
using System;
using System.ServiceModel;
using Interop;
using Interop.Wcf;
using P = Ref.SoPrincipal;
using C = Ref.Contact;

public static class SvcutilClient
{
    public static int Main(string[] args)
    {
        if (args.Length < 1 || args.Length > 2)
        {
            Console.Error.WriteLine("usage: SvcutilClient.exe BASE_URL [TICKET]");
            return 64;
        }
        string baseUrl = args[0];
        string ticket = args.Length > 1 ? args[1] : null;
        int failures = 0;

        failures += Output.Step("GetSystemInfo", () =>
        {
            var client = new P.SoPrincipalClient(Binding(), new EndpointAddress(Output.ServiceUrl(baseUrl, "SoPrincipal")));
            Headers.Capture(client);
            using (new OperationContextScope(client.InnerChannel))
            {
                P.Data.SoSystemInfoCarrier info = client.GetSystemInfo();
                Output.Scalars("GetSystemInfo.SystemInfo", info);
                Headers.Print("GetSystemInfo");
            }
            client.Close();
        });

        failures += Output.Step("GetContactEntity", () =>
        {
            var client = new C.ContactClient(Binding(), new EndpointAddress(Output.ServiceUrl(baseUrl, "Contact")));
            Headers.Capture(client);
            using (new OperationContextScope(client.InnerChannel))
            {
                Headers.AddCredentials(ticket);
                C.Data.ContactEntity entity = client.GetContactEntity(1);
                Output.Scalars("GetContactEntity.Response", entity);
                Headers.Print("GetContactEntity");
            }
            client.Close();
        });

        failures += Output.Step("GetAddress", () =>
        {
            var client = new C.ContactClient(Binding(), new EndpointAddress(Output.ServiceUrl(baseUrl, "Contact")));
            Headers.Capture(client);
            using (new OperationContextScope(client.InnerChannel))
            {
                Headers.AddCredentials(ticket);
                C.Data.Address address = client.GetAddress(1);
                Output.Scalars("GetAddress.Response", address);
                Headers.Print("GetAddress");
            }
            client.Close();
        });

        return failures == 0 ? 0 : 1;
    }

    static BasicHttpBinding Binding()
    {
        var binding = new BasicHttpBinding();
        binding.MaxReceivedMessageSize = 64 * 1024 * 1024;
        binding.ReaderQuotas.MaxStringContentLength = 64 * 1024 * 1024;
        return binding;
    }
}
