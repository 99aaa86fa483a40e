using Utilities.Metering.Cabinet;

namespace Utilities.Metering.Pages.Cabinet.Meters;

internal sealed class IndexModel(ConsumerMeters meters, ConsumptionCharts charts, Anomalies.AnomalyAlerts alerts) : ConsumerMetersPageModel(meters, charts, alerts)
{
    public override string Pages => "/Cabinet/Meters";
}
