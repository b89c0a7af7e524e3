// Shared by ListsSearchWsdl.cs and ListsSearchSvcutil.cs: runs a script of MDO, List, Archive and Find
// calls (written by test_mono_lists_search.py) through an IListsSearchClient, which each program
// implements with its own proxies, and prints every answer as key=value lines (Output.cs, Dump in
// CrmScenario.cs). See README.md, "Lists and search programs".
//
// The script is one step per line, fields separated by TAB ('#' starts a comment line):
//   list     STEP  NAME  FORCE_FLAT  ADDITIONAL_INFO        reader: MDO.GetList, the whole answer
//   watch    STEP  NAME  CALLS                              reader: MDO.GetList CALLS times at once
//   save     STEP  UD_LIST_DEFINITION_ID  NAME  TOOLTIP     writer: List.SaveListItemEntity of a new item
//   add      STEP  LIST_NAME  NAME  TOOLTIP                 writer: List.AddFromListName
//   archive  STEP  PROVIDER  COLUMNS  ORDER  RESTRICTIONS  PAGE  PAGE_SIZE
//                                                           reader: Archive.GetArchiveListByColumns
//   archive2 STEP  PROVIDER  COLUMNS  ORDER  RESTRICTIONS  PAGE  PAGE_SIZE
//                                                           reader: Archive.GetArchiveListByColumns2
//   find     STEP  PROVIDER  COLUMNS  RESTRICTIONS  PAGE_SIZE  PAGE_NUMBER
//                                                           reader: Find.FindFromRestrictionsColumns
// archive2 passes COLUMNS, ORDER and RESTRICTIONS as they are (NetServer's string syntax). archive and
// find build objects: COLUMNS "a,b", ORDER "name ASC,contactId DESC", RESTRICTIONS
// "name|begins|Kvit|And;category|oneOf|1,4" (name|operator|values|InterOperator, values by commas).
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Threading;

namespace Interop
{
    public class Restriction
    {
        public string Name, Operator, InterOperator;
        public string[] Values;
    }

    public class OrderBy
    {
        public string Name;
        public bool Descending;
    }

    // What a program implements with its proxies. Each method makes one call with a new proxy, prints
    // step.Succeeded and step.ExceptionInfo.* and returns the answer (the body's Response).
    public interface IListsSearchClient
    {
        // Logs in; prints step.AuthenticationSucceeded and step.AssociateId; returns the ticket.
        string Login(string step, string user, string password);
        object GetList(string step, string ticket, string name, bool forceFlat, string additionalInfo);
        object SaveListItem(string step, string ticket, int udListDefinitionId, string name, string tooltip);
        object AddFromListName(string step, string ticket, string listName, string name, string tooltip);
        object Archive(string step, string ticket, string provider, string[] columns, OrderBy[] order,
                       Restriction[] restrictions, int page, int pageSize);
        object Archive2(string step, string ticket, string provider, string columns, string order,
                        string restrictions, int page, int pageSize);
        object Find(string step, string ticket, string provider, string[] columns, Restriction[] restrictions,
                    int pageSize, int pageNumber);
    }

    public static class ListsSearch
    {
        // usage: <program> BASE_URL TENANT USER PASSWORD WRITER WRITER_PASSWORD SCRIPT
        public static int Main(string program, string[] args, Func<string, string, IListsSearchClient> connect)
        {
            if (args.Length != 7)
            {
                Console.Error.WriteLine("usage: " + program + " BASE_URL TENANT USER PASSWORD WRITER WRITER_PASSWORD SCRIPT");
                return 64;
            }
            // Mono allows two connections per host: enough for two workers, but let every call go at once.
            ServicePointManager.DefaultConnectionLimit = 32;
            IListsSearchClient client = connect(args[0], args[1]);
            string reader = null, writer = null;
            int failures = Output.Step("Login", () => reader = client.Login("Login", args[2], args[3]));
            failures += Output.Step("LoginWriter", () => writer = client.Login("LoginWriter", args[4], args[5]));
            if (reader == null || writer == null) return 1;

            foreach (string raw in File.ReadAllLines(args[6]))
            {
                if (raw.Trim().Length == 0 || raw.StartsWith("#")) continue;
                string[] f = raw.Split('\t');
                string step = f[1];
                failures += Output.Step(step, () => Run(client, reader, writer, f));
            }
            return failures == 0 ? 0 : 1;
        }

        static void Run(IListsSearchClient client, string reader, string writer, string[] f)
        {
            string step = f[1];
            switch (f[0])
            {
                case "list":
                    Dump.Carrier(step + ".Response", client.GetList(step, reader, f[2], bool.Parse(f[3]), f[4]));
                    break;
                case "watch":
                    Watch(client, reader, step, f[2], int.Parse(f[3]));
                    break;
                case "save":
                    Dump.Carrier(step + ".Response", client.SaveListItem(step, writer, int.Parse(f[2]), f[3], f[4]));
                    break;
                case "add":
                    Dump.Carrier(step + ".Response", client.AddFromListName(step, writer, f[2], f[3], f[4]));
                    break;
                case "archive":
                    Dump.Carrier(step + ".Response", client.Archive(step, reader, f[2], Columns(f[3]), Order(f[4]),
                                                                    Restrictions(f[5]), int.Parse(f[6]), int.Parse(f[7])));
                    break;
                case "archive2":
                    Dump.Carrier(step + ".Response", client.Archive2(step, reader, f[2], f[3], f[4], f[5],
                                                                     int.Parse(f[6]), int.Parse(f[7])));
                    break;
                case "find":
                    Dump.Carrier(step + ".Response", client.Find(step, reader, f[2], Columns(f[3]), Restrictions(f[4]),
                                                                 int.Parse(f[5]), int.Parse(f[6])));
                    break;
                default:
                    throw new ArgumentException("unknown script command '" + f[0] + "'");
            }
        }

        // CALLS simultaneous MDO.GetList calls with the reader's ticket (spread over the server's workers):
        // step.<i>.Length, step.<i>.<j>.Id / .Name, step.<i>.Succeeded, step.<i>.ExceptionInfo.*.
        static void Watch(IListsSearchClient client, string ticket, string step, string name, int calls)
        {
            var threads = new Thread[calls];
            var start = new ManualResetEvent(false);
            int failed = 0;
            for (int i = 0; i < calls; i++)
            {
                string prefix = step + "." + i;
                threads[i] = new Thread(() =>
                {
                    start.WaitOne();
                    int f = Output.Step(prefix, () =>
                    {
                        var items = (Array)client.GetList(prefix, ticket, name, false, "");
                        if (items == null)
                        {
                            Output.Line(prefix + ".Length", null);
                            return;
                        }
                        Output.Line(prefix + ".Length", items.Length);
                        for (int j = 0; j < items.Length; j++)
                        {
                            object item = items.GetValue(j);
                            Output.Line(prefix + "." + j + ".Id", item.GetType().GetProperty("Id").GetValue(item, null));
                            Output.Line(prefix + "." + j + ".Name", item.GetType().GetProperty("Name").GetValue(item, null));
                        }
                    });
                    Interlocked.Add(ref failed, f);
                });
                threads[i].Start();
            }
            start.Set();
            foreach (Thread thread in threads) thread.Join();
            if (failed > 0) throw new Exception(failed + " of " + calls + " calls failed");
        }

        static string[] Columns(string text)
        {
            return text.Length == 0 ? new string[0] : text.Split(',');
        }

        static OrderBy[] Order(string text)
        {
            var order = new List<OrderBy>();
            foreach (string part in Columns(text))
            {
                string[] words = part.Trim().Split(' ');
                order.Add(new OrderBy { Name = words[0], Descending = words.Length > 1 && words[1].ToUpperInvariant() == "DESC" });
            }
            return order.ToArray();
        }

        static Restriction[] Restrictions(string text)
        {
            var restrictions = new List<Restriction>();
            if (text.Length == 0) return restrictions.ToArray();
            foreach (string part in text.Split(';'))
            {
                string[] f = part.Split('|');
                restrictions.Add(new Restriction
                {
                    Name = f[0], Operator = f[1], Values = f[2].Length == 0 ? new string[0] : f[2].Split(','),
                    InterOperator = f.Length > 3 && f[3].Length > 0 ? f[3] : null,
                });
            }
            return restrictions.ToArray();
        }
    }
}
