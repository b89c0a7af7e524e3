// Constructs every wsdl.exe-style proxy class (SoapHttpClientProtocol subclass) in an assembly.
// Compiling is not enough: the constructor reflects every method and header with XmlSerializer and
// throws for contracts that compile fine (two operations sharing a response element, a header member
// hiding a base member ...).
//   usage: ProxyCheck.exe ASSEMBLY.dll
// Prints <Namespace>=ok or <Namespace>.Error=<message> per proxy class; exits 1 if any failed.
using System;
using System.Reflection;
using System.Web.Services.Protocols;

public static class ProxyCheck
{
    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: ProxyCheck.exe ASSEMBLY.dll");
            return 64;
        }
        Assembly assembly = Assembly.LoadFrom(args[0]);
        int failures = 0, count = 0;
        foreach (Type type in assembly.GetTypes())
        {
            if (type.IsAbstract || !typeof(SoapHttpClientProtocol).IsAssignableFrom(type)) continue;
            count++;
            try
            {
                Activator.CreateInstance(type);
                Console.WriteLine(type.Namespace + "=ok");
            }
            catch (Exception e)
            {
                Exception inner = e is TargetInvocationException && e.InnerException != null ? e.InnerException : e;
                string message = inner.Message;
                for (Exception x = inner.InnerException; x != null; x = x.InnerException) message += " ---> " + x.Message;
                Console.WriteLine(type.Namespace + ".Error=" + message.Replace("\r", "").Replace("\n", "\\n"));
                failures++;
            }
        }
        Console.WriteLine("proxies=" + count);
        return failures == 0 && count > 0 ? 0 : 1;
    }
}
