using Utilities.Metering.Cabinet;

namespace Utilities.Metering.Pages.Kiosk.Session.Meters;

internal sealed class IndexModel(ConsumerMeters meters, ConsumptionCharts charts, Anomalies.AnomalyAlerts alerts) : ConsumerMetersPageModel(meters, charts, alerts)
{
    public override string Pages => "/Kiosk/Session/Meters";
}
