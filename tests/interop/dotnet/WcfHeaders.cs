// Shared by the programs built on svcutil (WCF ClientBase) proxies. Mono's svcutil does not import
// <soap:header>, so the NetServer headers are declared here as data contracts, sent with
// OperationContextScope + MessageHeader.CreateHeader and read with GetHeader<T>.
// DataContractSerializer reads members in order only, so Order follows the reference schema.
// Mono's WCF client never fills OperationContext.Current.IncomingMessageHeaders (it stays null), so
// the reply headers are taken by a client message inspector: call Headers.Capture(client) before the
// client's channel is first used (before new OperationContextScope(client.InnerChannel)).
using System;
using System.Collections.Generic;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;

namespace Interop.Wcf
{
    public static class Ns
    {
        public const string Services88 = "http://www.superoffice.net/ws/crm/NetServer/Services88";
    }

    [DataContract(Name = "SoCredentials", Namespace = Ns.Services88)]
    public class SoCredentials
    {
        [DataMember(Order = 0, EmitDefaultValue = false)]
        public string Ticket { get; set; }
    }

    [CollectionDataContract(Name = "SoExceptionInfoParameters", Namespace = Ns.Services88,
        ItemName = "SoExceptionInfoParametersKeyValuePair", KeyName = "Key", ValueName = "Value")]
    public class SoExceptionInfoParameters : Dictionary<string, string>
    {
    }

    [DataContract(Name = "SoExceptionInfo", Namespace = Ns.Services88)]
    public class SoExceptionInfo
    {
        [DataMember(Order = 0)] public string Message { get; set; }
        [DataMember(Order = 1)] public string StackTrace { get; set; }
        [DataMember(Order = 2)] public string FriendlyText { get; set; }
        [DataMember(Order = 3)] public string ExceptionType { get; set; }
        [DataMember(Order = 4)] public string Source { get; set; }
        [DataMember(Order = 5)] public SoExceptionInfo InnerException { get; set; }
        [DataMember(Order = 6)] public SoExceptionInfoParameters Parameters { get; set; }
    }

    // Keeps the headers of the last reply received on this thread.
    public class ReplyHeaderCapture : IEndpointBehavior, IClientMessageInspector
    {
        [ThreadStatic] public static MessageHeaders Last;

        public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection parameters) { }
        public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher dispatcher) { }
        public void Validate(ServiceEndpoint endpoint) { }

        public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime runtime)
        {
            runtime.MessageInspectors.Add(this);
        }

        public object BeforeSendRequest(ref Message request, IClientChannel channel)
        {
            Last = null;
            return null;
        }

        public void AfterReceiveReply(ref Message reply, object state)
        {
            Last = new MessageHeaders(reply.Headers);
        }
    }

    public static class Headers
    {
        // Registers the reply-header inspector; call before the client's channel is created.
        public static void Capture<T>(ClientBase<T> client) where T : class
        {
            client.Endpoint.Behaviors.Add(new ReplyHeaderCapture());
        }

        // The headers of the last reply: IncomingMessageHeaders where the runtime fills it (.NET),
        // else what ReplyHeaderCapture kept (Mono).
        public static MessageHeaders Incoming()
        {
            OperationContext context = OperationContext.Current;
            MessageHeaders headers = context != null ? context.IncomingMessageHeaders : null;
            if (headers == null) headers = ReplyHeaderCapture.Last;
            if (headers == null)
                throw new InvalidOperationException("no reply headers: call Headers.Capture(client) before the call");
            return headers;
        }

        // Adds the Credentials header to the call made inside the current OperationContextScope.
        public static void AddCredentials(string ticket)
        {
            if (ticket == null) return;
            OperationContext.Current.OutgoingMessageHeaders.Add(
                MessageHeader.CreateHeader("Credentials", Ns.Services88, new SoCredentials { Ticket = ticket }));
        }

        // Reads a response header by name, or default(T) when the response has none.
        public static T Read<T>(string name)
        {
            MessageHeaders headers = Incoming();
            int index = headers.FindHeader(name, Ns.Services88);
            return index < 0 ? default(T) : headers.GetHeader<T>(index);
        }

        // Prints section.Succeeded and section.ExceptionInfo.* of the last response in this scope.
        public static void Print(string section)
        {
            Output.Line(section + ".Succeeded", Read<bool?>("Succeeded"));
            Output.ExceptionInfo(section + ".ExceptionInfo", Read<SoExceptionInfo>("ExceptionInfo"));
        }
    }
}
