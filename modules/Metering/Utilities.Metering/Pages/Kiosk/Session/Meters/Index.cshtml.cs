using Utilities.Metering.Cabinet;

namespace Utilities.Metering.Pages.Kiosk.Session.Meters;

internal sealed class IndexModel(ConsumerMeters meters, ConsumptionCharts charts) : ConsumerMetersPageModel(meters, charts)
{
    public override string Pages => "/Kiosk/Session/Meters";
}
