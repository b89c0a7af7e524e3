// Shared by FamiliesWsdl.cs and FamiliesSvcutil.cs: runs a script of entity-family calls (written by
// test_mono_families.py from the contract catalogue) through an IFamiliesClient, which each program
// implements with its own proxies, and prints every answer as key=value lines (Output.cs, Dump in
// CrmScenario.cs). See README.md, "Entity family programs".
//
// The script is one step per line, fields separated by TAB ('#' starts a comment line). A script works on
// one carrier at a time (the last create's, then the last save's answer) and one id (the last save's):
//   create STEP AGENT OPERATION           CreateDefault<X>(): the answer becomes the carrier
//   set    FIELD VALUE                    sets the carrier's FIELD (VALUE converted to the field's type:
//                                         string, DateTime in round-trip format, bool, a number, an enum)
//   save   STEP AGENT OPERATION ID_FIELD  Save<X>(carrier): the answer's ID_FIELD becomes the id
//   get    STEP AGENT OPERATION           Get<X>(id), or a light reader Get<B>(id)
//   list   STEP AGENT OPERATION IDS       Get<B>List(id and IDS, comma-separated)
//   delete STEP AGENT OPERATION           Delete<X>(id)
// Every call prints STEP.Response.* (the whole answer; an operation without one prints STEP.Response=null),
// STEP.Succeeded and STEP.ExceptionInfo.*; save also prints STEP.Id. A step that throws prints
// STEP.Error=..., the script goes on and the program exits 1.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;

namespace Interop
{
    // What a program implements with its proxies.
    public interface IFamiliesClient
    {
        // Logs in; prints step.AuthenticationSucceeded and step.AssociateId; returns the ticket.
        string Login(string step, string user, string password);

        // Calls AGENT's OPERATION with a new proxy (ticket in the Credentials header) and the argument
        // (a carrier, an int id or an int[]; null for none) through Families.Invoke; prints step.Succeeded
        // and step.ExceptionInfo.*; returns the body's Response (null for an operation without one).
        object Call(string step, string ticket, string agent, string operation, object argument);
    }

    public static class Families
    {
        // usage: <program> BASE_URL TENANT USER PASSWORD SCRIPT
        public static int Main(string program, string[] args, Func<string, string, IFamiliesClient> connect)
        {
            if (args.Length != 5)
            {
                Console.Error.WriteLine("usage: " + program + " BASE_URL TENANT USER PASSWORD SCRIPT");
                return 64;
            }
            Console.OutputEncoding = new UTF8Encoding(false);
            IFamiliesClient client = connect(args[0], args[1]);
            string ticket = null;
            int failures = Output.Step("Login", () => ticket = client.Login("Login", args[2], args[3]));
            if (ticket == null) return 1;

            var state = new State();
            foreach (string raw in File.ReadAllLines(args[4], Encoding.UTF8))
            {
                if (raw.Trim().Length == 0 || raw.StartsWith("#")) continue;
                string[] f = raw.Split('\t');
                string step = f[0] == "set" ? state.Step + ".Set." + f[1] : f[1];
                failures += Output.Step(step, () => Run(client, ticket, state, f));
            }
            return failures == 0 ? 0 : 1;
        }

        class State
        {
            public string Step = "";
            public object Carrier;
            public int Id;
        }

        static void Run(IFamiliesClient client, string ticket, State state, string[] f)
        {
            switch (f[0])
            {
                case "create":
                    state.Step = f[1];
                    state.Carrier = CallAndDump(client, ticket, f, null);
                    break;
                case "set":
                    if (state.Carrier == null) throw new InvalidOperationException("no carrier to set " + f[1] + " on");
                    Set(state.Carrier, f[1], f[2]);
                    break;
                case "save":
                    object saved = CallAndDump(client, ticket, f, state.Carrier);
                    state.Id = saved == null ? 0 : Convert.ToInt32(Property(saved, f[4]).GetValue(saved, null));
                    Output.Line(f[1] + ".Id", state.Id);
                    if (saved != null) state.Carrier = saved;
                    break;
                case "get":
                case "delete":
                    CallAndDump(client, ticket, f, state.Id);
                    break;
                case "list":
                    var ids = new List<int> { state.Id };
                    foreach (string id in f[4].Split(',')) if (id.Length > 0) ids.Add(int.Parse(id, CultureInfo.InvariantCulture));
                    CallAndDump(client, ticket, f, ids.ToArray());
                    break;
                default:
                    throw new ArgumentException("unknown script command '" + f[0] + "'");
            }
        }

        static object CallAndDump(IFamiliesClient client, string ticket, string[] f, object argument)
        {
            object answer = client.Call(f[1], ticket, f[2], f[3], argument);
            Dump.Carrier(f[1] + ".Response", answer);
            return answer;
        }

        static PropertyInfo Property(object obj, string name)
        {
            PropertyInfo prop = obj.GetType().GetProperty(name);
            if (prop == null) throw new MissingMemberException(obj.GetType().FullName, name);
            return prop;
        }

        // Sets obj.name to text converted to the property's type, and (wsdl proxies) its nameSpecified flag.
        public static void Set(object obj, string name, string text)
        {
            PropertyInfo prop = Property(obj, name);
            Type type = Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType;
            object value;
            if (type == typeof(string)) value = text;
            else if (type == typeof(DateTime))
                value = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            else if (type.IsEnum) value = Enum.Parse(type, text);
            else value = Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            prop.SetValue(obj, value, null);
            PropertyInfo specified = obj.GetType().GetProperty(name + "Specified");
            if (specified != null && specified.PropertyType == typeof(bool)) specified.SetValue(obj, true, null);
        }

        // Calls proxy.operation(argument): a wsdl proxy's ...Specified flags are passed true, a missing
        // argument as null; the method's own exception (a SOAP fault ...) is rethrown as it is.
        public static object Invoke(object proxy, string operation, object argument)
        {
            MethodInfo method = proxy.GetType().GetMethod(operation, BindingFlags.Public | BindingFlags.Instance);
            if (method == null) throw new MissingMethodException(proxy.GetType().FullName, operation);
            ParameterInfo[] parameters = method.GetParameters();
            var values = new object[parameters.Length];
            bool used = false;
            for (int i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].ParameterType == typeof(bool) && parameters[i].Name.EndsWith("Specified"))
                    values[i] = true;
                else if (!used)
                {
                    values[i] = argument;
                    used = true;
                }
            }
            if (argument != null && !used) throw new ArgumentException(operation + " takes no argument");
            try
            {
                return method.Invoke(proxy, values);
            }
            catch (TargetInvocationException e)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
