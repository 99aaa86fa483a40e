using Utilities.Contracts;

namespace Utilities.Metering.Cabinet;

/// <summary>The dashboard's last readings: per account, each meter's last values, with a link to its meters page.</summary>
internal sealed class LastReadingsWidget(ConsumerMeters meters) : ICabinetWidget
{
    public int Order => 20;

    public string PartialView => "_MeteringLastReadings";

    public async Task<object?> LoadAsync(CabinetView cabinet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cabinet);
        var accounts = await meters.LastReadingAsync(cabinet, cancellationToken);
        var metered = accounts.Where(a => a.Meters.Count > 0 && a.Account.ClosedOn is null).ToList();
        return metered.Count == 0 ? null : metered;
    }
}
