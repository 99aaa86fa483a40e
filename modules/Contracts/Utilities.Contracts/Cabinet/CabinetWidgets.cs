namespace Utilities.Contracts.Cabinet;

/// <summary>The modules' dashboard widgets for a consumer's accounts, shared by the web cabinet and the kiosk.</summary>
internal sealed class CabinetWidgets(IEnumerable<ICabinetWidget> widgets)
{
    public async Task<IReadOnlyList<(ICabinetWidget Widget, object Model)>> LoadAsync(long consumerId, IReadOnlyList<CabinetAccount> accounts, CancellationToken cancellationToken)
    {
        var view = ConsumerAccounts.ToView(consumerId, accounts);
        var loaded = new List<(ICabinetWidget, object)>();
        foreach (var widget in widgets.OrderBy(w => w.Order))
        {
            if (await widget.LoadAsync(view, cancellationToken) is { } model)
                loaded.Add((widget, model));
        }

        return loaded;
    }
}
