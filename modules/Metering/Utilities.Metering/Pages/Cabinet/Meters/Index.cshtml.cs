using Utilities.Metering.Cabinet;

namespace Utilities.Metering.Pages.Cabinet.Meters;

internal sealed class IndexModel(ConsumerMeters meters, ConsumptionCharts charts) : ConsumerMetersPageModel(meters, charts)
{
    public override string Pages => "/Cabinet/Meters";
}
