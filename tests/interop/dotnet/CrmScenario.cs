// Shared by CrmScenarioWsdl.cs and CrmScenarioSvcutil.cs: what the CRM scenario sends, and a dump of a
// whole carrier as key=value lines (see Output.cs for the value format). test_mono_crm.py holds the
// same values and checks that each one comes back.
using System;
using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Interop
{
    // The values the scenario sends (dates in UTC, as the server keeps them).
    public static class Sent
    {
        public const string ContactName = "Fjord Interop AS";
        public const string ContactDepartment = "Integration";
        public const string ContactOrgNr = "912345678";
        public const string ContactDescription = "Made by a .NET client";
        public const string Phone1 = "+47 22 33 44 55", Phone1Description = "Switchboard";
        public const string Phone2 = "+47 99 88 77 66", Phone2Description = "Support";
        public const string Email = "post@fjord-interop.example", EmailDescription = "Post";
        public const string Street = "Storgata 1", StreetCity = "Oslo", StreetZip = "0155";
        public const string Postal = "Postboks 7", PostalCity = "Oslo", PostalZip = "0101";
        public const string AddressFormatted = "Storgata 1, 0155 Oslo";
        public const string ContactDepartmentUpdated = "Integration and test";

        public static readonly string[] Firstnames = { "Ada", "Alan" };
        public static readonly string[] Lastnames = { "Lovelace", "Turing" };
        public const string PersonTitle = "Engineer";
        public const string PersonTitleUpdated = "Chief engineer";

        public const string ProjectName = "Interop rollout";
        public const string ProjectNumber = "P-4711";
        public const string ProjectDescription = "Both .NET clients";
        public const string ProjectNameUpdated = "Interop rollout, phase 2";
        public static readonly int[] ProjectMemberTypes = { 1, 2 };
        public const string MemberComment = "Leads it";

        public const string SaleHeading = "Interop licences";
        public const string SaleNumber = "S-0815";
        public const string SaleText = "Ten seats";
        public const double SaleAmount = 12345.5;
        public const short SaleProbability = 60;
        public const string SaleHeadingUpdated = "Interop licences, renewed";

        public const string AppointmentTitle = "Kick-off";
        public const string AppointmentDescription = "Meet the team";
        public const string AppointmentLocation = "Oslo office";
        public const string AppointmentTitleUpdated = "Kick-off (moved)";

        public static readonly DateTime Start = new DateTime(2025, 3, 1, 9, 30, 0, DateTimeKind.Utc);
        public static readonly DateTime End = new DateTime(2025, 9, 30, 17, 0, 0, DateTimeKind.Utc);
        public static readonly DateTime MeetingStart = new DateTime(2025, 4, 2, 10, 0, 0, DateTimeKind.Utc);
        public static readonly DateTime MeetingEnd = new DateTime(2025, 4, 2, 11, 30, 0, DateTimeKind.Utc);
    }

    public static class Dump
    {
        static bool IsScalar(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
                || type == typeof(DateTime) || type == typeof(Guid) || type == typeof(TimeSpan);
        }

        // Prints obj and everything in it: prefix=value for a scalar, prefix=null for null, an array as
        // prefix.Length=N and prefix.<i>.*, a NetServer dictionary (WCF: a Dictionary subclass; wsdl: an
        // array of Key/Value items) as prefix.<key>.*, other objects property by property. wsdl's
        // NameSpecified flags are applied (false: null) and not printed; WCF's ExtensionData is skipped.
        public static void Carrier(string prefix, object obj)
        {
            if (obj == null || IsScalar(obj.GetType()))
            {
                Output.Line(prefix, obj);
                return;
            }
            var dictionary = obj as IDictionary;
            if (dictionary != null)
            {
                foreach (DictionaryEntry entry in dictionary) Carrier(prefix + "." + entry.Key, entry.Value);
                return;
            }
            var array = obj as Array;
            if (array != null)
            {
                Type item = array.GetType().GetElementType();
                PropertyInfo key = item.GetProperty("Key"), value = item.GetProperty("Value");
                if (key != null && value != null && item.GetProperties().Length == 2)
                {
                    foreach (object pair in array)
                        if (pair != null) Carrier(prefix + "." + key.GetValue(pair, null), value.GetValue(pair, null));
                    return;
                }
                Output.Line(prefix + ".Length", array.Length);
                for (int i = 0; i < array.Length; i++) Carrier(prefix + "." + i, array.GetValue(i));
                return;
            }
            Type type = obj.GetType();
            foreach (PropertyInfo prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (prop.GetIndexParameters().Length > 0 || !prop.CanRead) continue;
                if (prop.PropertyType.FullName == "System.Runtime.Serialization.ExtensionDataObject") continue;
                if (prop.DeclaringType.Namespace != null && prop.DeclaringType.Namespace.StartsWith("System")) continue;
                if (prop.Name.EndsWith("Specified") && prop.PropertyType == typeof(bool)
                    && type.GetProperty(prop.Name.Substring(0, prop.Name.Length - "Specified".Length)) != null) continue;
                object value = prop.GetValue(obj, null);
                PropertyInfo specified = type.GetProperty(prop.Name + "Specified");
                if (specified != null && specified.PropertyType == typeof(bool) && !(bool)specified.GetValue(obj, null))
                    value = null;
                Carrier(prefix + "." + prop.Name, value);
            }
        }
    }
}
