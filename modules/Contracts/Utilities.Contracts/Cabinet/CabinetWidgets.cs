namespace Utilities.Contracts.Cabinet;

/// <summary>The modules' dashboard widgets for a consumer's accounts, shared by the web cabinet and the kiosk.</summary>
internal sealed class CabinetWidgets(IEnumerable<ICabinetWidget> widgets)
{
    public async Task<IReadOnlyList<(ICabinetWidget Widget, object Model)>> LoadAsync(long consumerId, IReadOnlyList<CabinetAccount> accounts, CancellationToken cancellationToken)
    {
        var view = new CabinetView(consumerId, accounts
            .Select(a => new AccountSummary(a.Id, a.Number, a.Utility, 0, a.PremisesId, a.BuildingId, a.Address, a.PremisesNumber, a.OpenedOn, a.ClosedOn))
            .ToList());
        var loaded = new List<(ICabinetWidget, object)>();
        foreach (var widget in widgets.OrderBy(w => w.Order))
        {
            if (await widget.LoadAsync(view, cancellationToken) is { } model)
                loaded.Add((widget, model));
        }

        return loaded;
    }
}
