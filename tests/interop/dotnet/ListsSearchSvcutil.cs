// Lists and search on WCF proxies that Mono's svcutil generates from the reference WSDL (MDO reduced to
// GetList; List to SaveListItemEntity and AddFromListName; Archive to GetArchiveListByColumns and
// GetArchiveListByColumns2; Find to FindFromRestrictionsColumns), in Ref.<Agent> and Ref.<Agent>.Data.
// The steps come from a script (see ListsSearch.cs); keys as ListsSearchWsdl.exe's. The tenant's agents
// and the log-in (Mono's svcutil cannot call AuthenticateUsernamePassword): Tenant in SvcutilLogin.cs.
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
    readonly Tenant tenant;

    ListsSearchSvcutil(string baseUrl, string tenant)
    {
        this.tenant = new Tenant(baseUrl, tenant);
    }

    public static int Main(string[] args)
    {
        return ListsSearch.Main("ListsSearchSvcutil.exe", args, (url, tenant) => new ListsSearchSvcutil(url, tenant));
    }

    public string Login(string step, string user, string password)
    {
        return tenant.Login(step, user, password);
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

    T New<T>() where T : ICommunicationObject
    {
        return tenant.New<T>();
    }

    static R Call<T, R>(string step, string ticket, T client, Func<T, R> call) where T : ICommunicationObject
    {
        return Tenant.Call(step, ticket, client, call);
    }
}
