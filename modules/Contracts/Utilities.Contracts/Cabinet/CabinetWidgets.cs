using Microsoft.Extensions.DependencyInjection;

namespace Utilities.Contracts.Cabinet;

/// <summary>
/// The modules' dashboard widgets for a consumer's accounts, shared by the web cabinet and the kiosk. The widgets
/// (and the modules' contexts behind them) are resolved when loaded: a dashboard served from the cache needs none.
/// </summary>
internal sealed class CabinetWidgets(IServiceProvider services)
{
    public async Task<IReadOnlyList<(ICabinetWidget Widget, object Model)>> LoadAsync(long consumerId, IReadOnlyList<CabinetAccount> accounts, CancellationToken cancellationToken)
    {
        var widgets = services.GetServices<ICabinetWidget>();
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
