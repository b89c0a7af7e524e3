// Lists and search on WCF proxies that Mono's svcutil generates from the reference WSDL (MDO reduced to
// GetList; List to SaveListItemEntity and AddFromListName; Archive to GetArchiveListByColumns and
// GetArchiveListByColumns2; Find to FindFromRestrictionsColumns), in Ref.<Agent> and Ref.<Agent>.Data.
// The steps come from a script (see ListsSearch.cs); keys as ListsSearchWsdl.exe's. The log-in goes
// through hand-written message contracts, as in SessionSvcutil.cs (Mono's svcutil cannot call
// AuthenticateUsernamePassword).
//   usage: ListsSearchSvcutil.exe BASE_URL TENANT USER PASSWORD WRITER WRITER_PASSWORD SCRIPT
using System;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using Interop;
using Interop.Wcf;
using P = Ref.SoPrincipal;
using M = Ref.MDO;
using L = Ref.List;
using Ar = Ref.Archive;
using F = Ref.Find;

public class ListsSearchSvcutil : IListsSearchClient
{
    readonly string baseUrl, tenant;

    ListsSearchSvcutil(string baseUrl, string tenant)
    {
        this.baseUrl = baseUrl;
        this.tenant = tenant;
    }

    public static int Main(string[] args)
    {
        return ListsSearch.Main("ListsSearchSvcutil.exe", args, (url, tenant) => new ListsSearchSvcutil(url, tenant));
    }

    public string Login(string step, string user, string password)
    {
        var client = new SoPrincipalLoginClient(Binding(), Address("SoPrincipal"));
        AuthenticateResponseMessage answer = client.AuthenticateUsernamePassword(user, password);
        client.Close();
        Output.Line(step + ".AuthenticationSucceeded", answer.AuthenticationSucceeded);
        Output.Line(step + ".AssociateId", answer.Response != null ? (object)answer.Response.AssociateId : null);
        return answer.Credentials != null ? answer.Credentials.Ticket : null;
    }

    public object GetList(string step, string ticket, string name, bool forceFlat, string additionalInfo)
    {
        return Call(step, ticket, New<M.MDOClient>(), p => p.GetList(name, forceFlat, additionalInfo, false));
    }

    public object SaveListItem(string step, string ticket, int udListDefinitionId, string name, string tooltip)
    {
        var item = new L.Data.ListItemEntity { Name = name, Tooltip = tooltip, UdListDefinitionId = udListDefinitionId };
        return Call(step, ticket, New<L.ListClient>(), p => p.SaveListItemEntity(item));
    }

    public object AddFromListName(string step, string ticket, string listName, string name, string tooltip)
    {
        var item = new L.Data.ListItemEntity { Name = name, Tooltip = tooltip };
        return Call(step, ticket, New<L.ListClient>(), p => p.AddFromListName(listName, item));
    }

    public object Archive(string step, string ticket, string provider, string[] columns, OrderBy[] order,
                          Restriction[] restrictions, int page, int pageSize)
    {
        var sort = Array.ConvertAll(order, o => new Ar.Data.ArchiveOrderByInfo
        {
            Name = o.Name, Direction = o.Descending ? Ar.Data.OrderBySortType.DESC : Ar.Data.OrderBySortType.ASC,
        });
        var infos = Array.ConvertAll(restrictions, r => new Ar.Data.ArchiveRestrictionInfo
        {
            Name = r.Name, Operator = r.Operator, Values = r.Values, IsActive = true,
            InterOperator = r.InterOperator == null ? Ar.Data.InterRestrictionOperator.None
                : (Ar.Data.InterRestrictionOperator)Enum.Parse(typeof(Ar.Data.InterRestrictionOperator), r.InterOperator),
        });
        return Call(step, ticket, New<Ar.ArchiveClient>(),
                    p => p.GetArchiveListByColumns(provider, columns, sort, infos, new string[0], page, pageSize));
    }

    public object Archive2(string step, string ticket, string provider, string columns, string order,
                           string restrictions, int page, int pageSize)
    {
        return Call(step, ticket, New<Ar.ArchiveClient>(),
                    p => p.GetArchiveListByColumns2(provider, columns, order, restrictions, "", page, pageSize));
    }

    public object Find(string step, string ticket, string provider, string[] columns, Restriction[] restrictions,
                       int pageSize, int pageNumber)
    {
        var infos = Array.ConvertAll(restrictions, r => new F.Data.ArchiveRestrictionInfo
        {
            Name = r.Name, Operator = r.Operator, Values = r.Values, IsActive = true,
            InterOperator = r.InterOperator == null ? F.Data.InterRestrictionOperator.None
                : (F.Data.InterRestrictionOperator)Enum.Parse(typeof(F.Data.InterRestrictionOperator), r.InterOperator),
        });
        return Call(step, ticket, New<F.FindClient>(),
                    p => p.FindFromRestrictionsColumns(infos, provider, columns, pageSize, pageNumber));
    }

    static BasicHttpBinding Binding()
    {
        var binding = new BasicHttpBinding();
        binding.MaxReceivedMessageSize = 64 * 1024 * 1024;
        binding.ReaderQuotas.MaxStringContentLength = 64 * 1024 * 1024;
        return binding;
    }

    EndpointAddress Address(string agent)
    {
        return new EndpointAddress(baseUrl.TrimEnd('/') + "/" + tenant + "/Remote/Services88/" + agent + ".svc");
    }

    // A new <Agent>Client at the tenant's address, with the reply-header inspector (Headers.Capture).
    T New<T>() where T : ICommunicationObject
    {
        string agent = typeof(T).Name.Substring(0, typeof(T).Name.Length - "Client".Length);
        var client = (T)Activator.CreateInstance(typeof(T), Binding(), Address(agent));
        ((ServiceEndpoint)typeof(T).GetProperty("Endpoint").GetValue(client, null)).Behaviors.Add(new ReplyHeaderCapture());
        return client;
    }

    // Calls with ticket in the Credentials header, prints step.Succeeded and step.ExceptionInfo.*, closes
    // the client and returns the answer.
    static R Call<T, R>(string step, string ticket, T client, Func<T, R> call) where T : ICommunicationObject
    {
        var channel = (IContextChannel)typeof(T).GetProperty("InnerChannel").GetValue(client, null);
        try
        {
            using (new OperationContextScope(channel))
            {
                Headers.AddCredentials(ticket);
                R result = call(client);
                Headers.Print(step);
                return result;
            }
        }
        finally
        {
            client.Abort();
        }
    }
}
