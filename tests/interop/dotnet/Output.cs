// Shared by every client program: prints results as key=value lines that tests/interop/mono.py parses.
//   - one line per value, key and value separated by the first '=';
//   - a null value is printed as the word null (so a test can assert a value is there);
//   - booleans are true/false, numbers use the invariant culture, DateTime is round-trip ("o") format;
//   - CR, LF and backslash inside a value are escaped as \r, \n and \\.
using System;
using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Interop
{
    public static class Output
    {
        public static void Line(string key, object value)
        {
            Console.WriteLine(key + "=" + Format(value));
        }

        public static string Format(object value)
        {
            if (value == null) return "null";
            if (value is bool) return (bool)value ? "true" : "false";
            if (value is DateTime) return ((DateTime)value).ToString("o", CultureInfo.InvariantCulture);
            if (value is string[]) return Escape(string.Join("", (string[])value));
            var formattable = value as IFormattable;
            string text = formattable != null
                ? formattable.ToString(null, CultureInfo.InvariantCulture)
                : value.ToString();
            return Escape(text);
        }

        static string Escape(string text)
        {
            return text.Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n");
        }

        static bool IsScalar(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
                || type == typeof(DateTime) || type == typeof(Guid) || type == typeof(TimeSpan);
        }

        // Prints every scalar property of obj as prefix.Name=value, or prefix=null when obj is null.
        // A NetServer dictionary (WCF: a Dictionary subclass; wsdl.exe: an array of Key/Value items) is
        // printed as prefix.Name.<key>=value. Other nested objects and arrays are left out.
        // Properties declared by framework base classes (SoapHeader's Actor, MustUnderstand ...) and
        // WCF's ExtensionData are skipped. For wsdl.exe proxies a value whose NameSpecified flag is false
        // (the element was absent on the wire) is printed as null.
        public static void Scalars(string prefix, object obj)
        {
            if (obj == null)
            {
                Line(prefix, null);
                return;
            }
            Type type = obj.GetType();
            foreach (PropertyInfo prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (prop.GetIndexParameters().Length > 0 || !prop.CanRead) continue;
                if (prop.DeclaringType.Namespace != null && prop.DeclaringType.Namespace.StartsWith("System")) continue;
                if (!IsScalar(prop.PropertyType))
                {
                    Pairs(prefix + "." + prop.Name, prop.GetValue(obj, null));
                    continue;
                }
                if (prop.Name.EndsWith("Specified") && prop.PropertyType == typeof(bool)
                    && type.GetProperty(prop.Name.Substring(0, prop.Name.Length - "Specified".Length)) != null) continue;
                object value = prop.GetValue(obj, null);
                PropertyInfo specified = type.GetProperty(prop.Name + "Specified");
                if (specified != null && specified.PropertyType == typeof(bool) && !(bool)specified.GetValue(obj, null))
                    value = null;
                Line(prefix + "." + prop.Name, value);
            }
        }

        static void Pairs(string prefix, object value)
        {
            var dictionary = value as IDictionary;
            if (dictionary != null)
            {
                foreach (DictionaryEntry entry in dictionary)
                    Line(prefix + "." + entry.Key, entry.Value);
                return;
            }
            var array = value as Array;
            if (array == null) return;
            Type item = array.GetType().GetElementType();
            PropertyInfo key = item.GetProperty("Key"), val = item.GetProperty("Value");
            if (key == null || val == null || !IsScalar(val.PropertyType)) return;
            foreach (object pair in array)
                if (pair != null) Line(prefix + "." + key.GetValue(pair, null), val.GetValue(pair, null));
        }

        static readonly string[] ExceptionInfoFields = { "Message", "StackTrace", "FriendlyText", "ExceptionType", "Source" };

        // Prints a NetServer ExceptionInfo (SoExceptionInfo of any proxy): its scalars, Parameters and,
        // recursively, InnerException as prefix.InnerException.*. A missing or nil header prints its
        // five string fields as null, so both kinds of proxy print the same keys (wsdl.exe proxies read a
        // nil header as an object with null fields, WCF as null).
        public static void ExceptionInfo(string prefix, object info)
        {
            if (info == null)
            {
                foreach (string field in ExceptionInfoFields) Line(prefix + "." + field, null);
                return;
            }
            Scalars(prefix, info);
            PropertyInfo inner = info.GetType().GetProperty("InnerException");
            object innerValue = inner != null ? inner.GetValue(info, null) : null;
            if (innerValue != null) ExceptionInfo(prefix + ".InnerException", innerValue);
        }

        // Runs one step of a program; on an exception prints section.Error=<type>: <message> (details to
        // stderr) and returns 1, so Main can go on with the next step and exit non-zero at the end.
        public static int Step(string section, Action action)
        {
            try
            {
                action();
                return 0;
            }
            catch (Exception e)
            {
                Line(section + ".Error", e.GetType().FullName + ": " + e.Message);
                Console.Error.WriteLine(section + " failed: " + e);
                return 1;
            }
        }

        public static string ServiceUrl(string baseUrl, string agent)
        {
            return baseUrl.TrimEnd('/') + "/Remote/Services88/" + agent + ".svc";
        }
    }
}
