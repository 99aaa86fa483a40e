// Compiled into each plugin (docs/adr/0021-forecasting.md): each copy in its plugin's namespace, so
// no two plugin assemblies hold a type of the same name.
#if PLUGIN_ELECTRICITY
namespace Utilities.Plugins.Electricity.Forecasting;
#elif PLUGIN_COLD_WATER
namespace Utilities.Plugins.ColdWater.Forecasting;
#elif PLUGIN_HOT_WATER
namespace Utilities.Plugins.HotWater.Forecasting;
#else
namespace Utilities.Plugins.Heating.Forecasting;
#endif

/// <summary>
/// What a utility type's model uses (docs/adr/0021-forecasting.md): electricity the weekly profile by
/// day and the yearly seasonality by month, water the same per resident, heating the heating
/// degree-days of the outdoor temperature.
/// </summary>
/// <param name="HeatingDegreeDays">Regress on heating degree-days (the heating season follows from them: no degree-days, no heat).</param>
/// <param name="PerResident">Model the volume per resident when the history names the residents.</param>
internal sealed record ForecastProfile(bool HeatingDegreeDays, bool PerResident)
{
    public static ForecastProfile Electricity { get; } = new(HeatingDegreeDays: false, PerResident: false);

    public static ForecastProfile Water { get; } = new(HeatingDegreeDays: false, PerResident: true);

    public static ForecastProfile Heating { get; } = new(HeatingDegreeDays: true, PerResident: false);
}
