// A partner app's installer on WCF proxies that Mono's svcutil generates from the reference WSDL
// (UserDefinedFieldInfo, Contact and Archive reduced to the operations called), in Ref.<Agent> and
// Ref.<Agent>.Data: it defines three user-defined fields on contact (text, number, date), starts a publish
// event and publishes, saves a contact with values by prog id and by label, reads them back by prog id and
// by label, and searches the archive on two of them. test_mono_udef.py holds the same values (class Sent
// here) and checks every one. The tenant's agents and the log-in: Interop.Wcf.Tenant (SvcutilLogin.cs).
// Values are encoded and decoded as NetServer's CultureDataFormatter does: [I:n], [DT:MM/dd/yyyy
// HH:mm:ss.fffffff] (UTC).
//   usage: UdefSvcutil.exe BASE_URL TENANT USER PASSWORD
using System;
using System.Collections.Generic;
using System.Globalization;
using System.ServiceModel;
using Interop;
using Interop.Wcf;
using U = Ref.UserDefinedFieldInfo;
using C = Ref.Contact;
using Ar = Ref.Archive;

public static class UdefSvcutil
{
    static class Sent
    {
        public const string TextLabel = "Partner ref", TextDefault = "none yet", Text = "ACME-42";
        public const string NumberLabel = "Seats:", NumberKey = "seats";  // saved by label: case and colon differ
        public const int Number = 25, SmallNumber = 5;
        public const string DateLabel = "Renewal";
        public static readonly DateTime Date = new DateTime(2025, 3, 1, 14, 30, 15, 250, DateTimeKind.Utc);
        public const string Name = "Udef Partner AS", SmallName = "Udef Small AS";
    }

    static Tenant tenant;
    static string ticket;

    public static int Main(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: UdefSvcutil.exe BASE_URL TENANT USER PASSWORD");
            return 64;
        }
        Console.OutputEncoding = new System.Text.UTF8Encoding(false);
        tenant = new Tenant(args[0], args[1]);
        int failures = Output.Step("Login", () => ticket = tenant.Login("Login", args[2], args[3]));
        if (ticket == null) return 1;
        var fields = new Dictionary<string, U.Data.UserDefinedFieldInfo>();
        failures += Output.Step("Define", () => Define(fields));
        failures += Output.Step("Publish", Publish);
        int contactId = 0;
        failures += Output.Step("Contact", () => contactId = SaveContact(fields));
        failures += Output.Step("Read", () => Read(contactId));
        failures += Output.Step("Search", Search);
        return failures == 0 ? 0 : 1;
    }

    // Field.<Text|Number|Date>.Create / .Save: each field created, labelled and saved.
    static void Define(Dictionary<string, U.Data.UserDefinedFieldInfo> fields)
    {
        var wanted = new[]
        {
            Tuple.Create("Text", U.Data.UDefFieldType.ShortText, Sent.TextLabel, Sent.TextDefault),
            Tuple.Create("Number", U.Data.UDefFieldType.Number, Sent.NumberLabel, (string)null),
            Tuple.Create("Date", U.Data.UDefFieldType.Date, Sent.DateLabel, (string)null),
        };
        foreach (var w in wanted)
        {
            string step = "Field." + w.Item1;
            U.Data.UserDefinedFieldInfo info = Call(step + ".Create", New<U.UserDefinedFieldInfoClient>(),
                                                    p => p.CreateUserDefinedFieldInfo(U.Data.UDefType.Contact, w.Item2));
            info.FieldLabel = w.Item3;
            info.Tooltip = w.Item3 + " tooltip";
            if (w.Item4 != null) info.FieldDefault = w.Item4;
            fields[w.Item1] = Call(step + ".Save", New<U.UserDefinedFieldInfoClient>(), p => p.SaveUserDefinedFieldInfo(info));
        }
    }

    static void Publish()
    {
        Func<U.UserDefinedFieldInfoClient> u = New<U.UserDefinedFieldInfoClient>;
        Call("Unpublished.Before", u(), p => p.DetectUnpublishedChanges(U.Data.UDefType.Contact));
        Call("StartEvent", u(), p => { p.SetPublishStartSystemEvent(U.Data.UDefType.Contact); return (object)null; });
        Call("EventActive.Contact", u(), p => p.IsPublishEventActive(U.Data.UDefType.Contact));
        Call("EventActive.Person", u(), p => p.IsPublishEventActive(U.Data.UDefType.Person));
        Call("AnyEventActive.Before", u(), p => p.IsAnyPublishEventActive());
        Call("Published", u(), p => p.Publish(U.Data.UDefType.Contact));
        Call("AnyEventActive.After", u(), p => p.IsAnyPublishEventActive());
        Call("Unpublished.After", u(), p => p.DetectUnpublishedChanges(U.Data.UDefType.Contact));
        Call("PublishedList", u(), p => p.GetPublishedUserDefinedFieldList(U.Data.UDefType.Contact));
    }

    // Contact.Default, Contact.Save (a new dictionary: text by prog id, number and date by label),
    // Contact.Small.Save (the default's dictionary, the number set by prog id); returns the first one's id.
    static int SaveContact(Dictionary<string, U.Data.UserDefinedFieldInfo> fields)
    {
        C.Data.ContactEntity e = Call("Contact.Default", New<C.ContactClient>(), p => p.CreateDefaultContactEntity());
        e.Name = Sent.Name;
        e.UserDefinedFields = new C.Data.StringDictionary();
        e.UserDefinedFields[fields["Text"].ProgId] = Sent.Text;
        e.UserDefinedFields[Sent.NumberKey] = EncodeInt(Sent.Number);
        e.UserDefinedFields[Sent.DateLabel] = EncodeDateTime(Sent.Date);
        C.Data.ContactEntity saved = Call("Contact.Save", New<C.ContactClient>(), p => p.SaveContactEntity(e));

        C.Data.ContactEntity small = Call(null, New<C.ContactClient>(), p => p.CreateDefaultContactEntity());
        small.Name = Sent.SmallName;  // the default's dictionary, one value changed
        small.UserDefinedFields[fields["Number"].ProgId] = EncodeInt(Sent.SmallNumber);
        Call("Contact.Small.Save", New<C.ContactClient>(), p => p.SaveContactEntity(small));
        return saved.ContactId;
    }

    // Contact.Get, then each value found through its field: Read.<label>.Field (the field found by label
    // or by prog id) and Read.<label>.Value (the value decoded: text, int, DateTime).
    static void Read(int contactId)
    {
        C.Data.ContactEntity got = Call("Contact.Get", New<C.ContactClient>(), p => p.GetContactEntity(contactId));
        var byProgId = Call("Read.Text.Field", New<U.UserDefinedFieldInfoClient>(),
                            p => p.GetUserDefinedFieldFromProgId("SuperOffice:1", U.Data.UDefType.Contact));
        Output.Line("Read.Text.Value", got.UserDefinedFields[byProgId.ProgId]);
        var seats = Call("Read.Seats.Field", New<U.UserDefinedFieldInfoClient>(),
                         p => p.GetPublishedUserDefinedFieldFromFieldLabel("Seats", U.Data.UDefType.Contact));
        Output.Line("Read.Seats.Value", DecodeInt(got.UserDefinedFields[seats.ProgId]));
        var renewal = Call("Read.Renewal.Field", New<U.UserDefinedFieldInfoClient>(),
                           p => p.GetPublishedUserDefinedFieldFromFieldLabel(Sent.DateLabel, U.Data.UDefType.Contact));
        Output.Line("Read.Renewal.Value", DecodeDateTime(got.UserDefinedFields[renewal.ProgId]));
    }

    // Search.Number (seats greater than 20) and Search.Date (renewal after 2025-01-01, DT-encoded), with the
    // three udef columns.
    static void Search()
    {
        string[] columns = { "contactId", "name", "contactUdef/SuperOffice:1", "contactUdef/SuperOffice:2",
                             "contactUdef/SuperOffice:3" };
        var restrictions = new Dictionary<string, Ar.Data.ArchiveRestrictionInfo>
        {
            { "Search.Number", Restriction("contactUdef/SuperOffice:2", "greater", EncodeInt(20)) },
            { "Search.Date", Restriction("contactUdef/SuperOffice:3", "after",
                                         EncodeDateTime(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc))) },
        };
        foreach (var r in restrictions)
            Call(r.Key, New<Ar.ArchiveClient>(), p => p.GetArchiveListByColumns(
                "Contact", columns, new Ar.Data.ArchiveOrderByInfo[0], new[] { r.Value }, new string[0], 0, 0));
    }

    static Ar.Data.ArchiveRestrictionInfo Restriction(string name, string op, string value)
    {
        return new Ar.Data.ArchiveRestrictionInfo
        {
            Name = name, Operator = op, Values = new[] { value }, IsActive = true,
            InterOperator = Ar.Data.InterRestrictionOperator.None,
        };
    }

    const string DateFormat = "MM/dd/yyyy HH:mm:ss.fffffff";

    static string EncodeInt(int value)
    {
        return "[I:" + value.ToString(CultureInfo.InvariantCulture) + "]";
    }

    static string EncodeDateTime(DateTime value)
    {
        return "[DT:" + value.ToUniversalTime().ToString(DateFormat, CultureInfo.InvariantCulture) + "]";
    }

    static string Inner(string encoded, string tag)
    {
        if (encoded == null || !encoded.StartsWith("[" + tag + ":") || !encoded.EndsWith("]"))
            throw new FormatException("not a [" + tag + ":...] value: " + (encoded ?? "null"));
        return encoded.Substring(tag.Length + 2, encoded.Length - tag.Length - 3);
    }

    static int DecodeInt(string encoded)
    {
        return int.Parse(Inner(encoded, "I"), CultureInfo.InvariantCulture);
    }

    static DateTime DecodeDateTime(string encoded)
    {
        return DateTime.ParseExact(Inner(encoded, "DT"), DateFormat, CultureInfo.InvariantCulture,
                                   DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    // Calls with the ticket (Tenant.Call), then (unless step is null) prints step.Response.* (the whole answer).
    static R Call<T, R>(string step, T client, Func<T, R> call) where T : ICommunicationObject
    {
        R result = Tenant.Call(step, ticket, client, call);
        if (step != null) Dump.Carrier(step + ".Response", result);
        return result;
    }

    static T New<T>() where T : ICommunicationObject
    {
        return tenant.New<T>();
    }
}
