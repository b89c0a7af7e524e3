// Lists and search on proxies that Mono's wsdl generates from the reference WSDL (SoPrincipal reduced to
// AuthenticateUsernamePassword; MDO to GetList; List to SaveListItemEntity and AddFromListName; Archive
// to GetArchiveListByColumns and GetArchiveListByColumns2; Find to FindFromRestrictionsColumns), in
// Ref.<Agent>. The steps come from a script (see ListsSearch.cs); keys as ListsSearchSvcutil.exe's.
//   usage: ListsSearchWsdl.exe BASE_URL TENANT USER PASSWORD WRITER WRITER_PASSWORD SCRIPT
using System;
using System.Web.Services.Protocols;
using Interop;
using Interop.Wsdl;
using M = Ref.MDO;
using L = Ref.List;
using Ar = Ref.Archive;
using F = Ref.Find;

public class ListsSearchWsdl : IListsSearchClient
{
    readonly Tenant tenant;

    ListsSearchWsdl(string baseUrl, string tenant)
    {
        this.tenant = new Tenant(baseUrl, tenant);
    }

    public static int Main(string[] args)
    {
        return ListsSearch.Main("ListsSearchWsdl.exe", args, (url, tenant) => new ListsSearchWsdl(url, tenant));
    }

    public string Login(string step, string user, string password)
    {
        return tenant.Login(step, user, password);
    }

    public object GetList(string step, string ticket, string name, bool forceFlat, string additionalInfo)
    {
        return Call(step, Proxy<M.WcfMDOService>(ticket), p => p.GetList(name, forceFlat, true, additionalInfo, false, true));
    }

    public object SaveListItem(string step, string ticket, int udListDefinitionId, string name, string tooltip)
    {
        L.ListItemEntity item = NewItem(name, tooltip);
        item.UdListDefinitionId = udListDefinitionId;
        return Call(step, Proxy<L.WcfListService>(ticket), p => p.SaveListItemEntity(item));
    }

    public object AddFromListName(string step, string ticket, string listName, string name, string tooltip)
    {
        L.ListItemEntity item = NewItem(name, tooltip);
        return Call(step, Proxy<L.WcfListService>(ticket), p => p.AddFromListName(listName, item));
    }

    static L.ListItemEntity NewItem(string name, string tooltip)
    {
        return new L.ListItemEntity
        {
            Id = 0, IdSpecified = true, Name = name, Tooltip = tooltip, Deleted = false, DeletedSpecified = true,
            UdListDefinitionIdSpecified = true, Rank = 0, RankSpecified = true,
        };
    }

    public object Archive(string step, string ticket, string provider, string[] columns, OrderBy[] order,
                          Restriction[] restrictions, int page, int pageSize)
    {
        var sort = Array.ConvertAll(order, o => new Ar.ArchiveOrderByInfo
        {
            Name = o.Name, Direction = o.Descending ? Ar.OrderBySortType.DESC : Ar.OrderBySortType.ASC,
            DirectionSpecified = true,
        });
        var infos = Array.ConvertAll(restrictions, r =>
        {
            var info = new Ar.ArchiveRestrictionInfo { Name = r.Name, Operator = r.Operator, Values = r.Values,
                                                       IsActive = true, IsActiveSpecified = true };
            if (r.InterOperator != null)
            {
                info.InterOperator = (Ar.InterRestrictionOperator)Enum.Parse(typeof(Ar.InterRestrictionOperator), r.InterOperator);
                info.InterOperatorSpecified = true;
            }
            return info;
        });
        return Call(step, Proxy<Ar.WcfArchiveService>(ticket),
                    p => p.GetArchiveListByColumns(provider, columns, sort, infos, new string[0], page, true, pageSize, true));
    }

    public object Archive2(string step, string ticket, string provider, string columns, string order,
                           string restrictions, int page, int pageSize)
    {
        return Call(step, Proxy<Ar.WcfArchiveService>(ticket),
                    p => p.GetArchiveListByColumns2(provider, columns, order, restrictions, "", page, true, pageSize, true));
    }

    public object Find(string step, string ticket, string provider, string[] columns, Restriction[] restrictions,
                       int pageSize, int pageNumber)
    {
        var infos = Array.ConvertAll(restrictions, r =>
        {
            var info = new F.ArchiveRestrictionInfo { Name = r.Name, Operator = r.Operator, Values = r.Values,
                                                      IsActive = true, IsActiveSpecified = true };
            if (r.InterOperator != null)
            {
                info.InterOperator = (F.InterRestrictionOperator)Enum.Parse(typeof(F.InterRestrictionOperator), r.InterOperator);
                info.InterOperatorSpecified = true;
            }
            return info;
        });
        return Call(step, Proxy<F.WcfFindService>(ticket),
                    p => p.FindFromRestrictionsColumns(infos, provider, columns, pageSize, true, pageNumber, true));
    }

    T Proxy<T>(string ticket) where T : SoapHttpClientProtocol
    {
        return tenant.New<T>(ticket);
    }

    static R Call<T, R>(string step, T proxy, Func<T, R> call) where T : SoapHttpClientProtocol
    {
        return Tenant.Call(step, proxy, call);
    }
}
