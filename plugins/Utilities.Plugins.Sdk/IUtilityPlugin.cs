namespace Utilities.Plugins.Sdk;

/// <summary>
/// A utility type (electricity, cold water, hot water, heating...) as a plugin supplies it. The host
/// finds the one public class implementing this interface in the plugin's assembly and creates it
/// with its parameterless constructor.
/// </summary>
public interface IUtilityPlugin
{
    /// <summary>A stable lower-case code, unique among plugins: <c>electricity</c>, <c>cold-water</c>.</summary>
    string Code { get; }

    /// <summary>The name of the utility type as people read it.</summary>
    LocalizedText DisplayName { get; }

    /// <summary>
    /// A sentence on what the utility type covers, for operators and consumers. Since SDK 1.1.0;
    /// a plugin built against 1.0.0 gets its display name.
    /// </summary>
    LocalizedText Description => DisplayName;

    /// <summary>The unit the utility is metered and charged in.</summary>
    MeasurementUnit Unit { get; }

    /// <summary>
    /// The registers a meter of this type can have, in order; a meter with fewer registers uses the
    /// first ones (a single-rate electricity meter has T1 only). Never empty.
    /// </summary>
    IReadOnlyList<MeterRegister> Registers { get; }

    /// <summary>The forecasting model of this utility type.</summary>
    IConsumptionForecaster Forecaster { get; }

    /// <summary>
    /// The register sets a meter of this type can have (single-rate, two-zone...). Since SDK 1.2.0;
    /// a plugin built against an older SDK gets one layout of all its registers.
    /// </summary>
    IReadOnlyList<RegisterLayout> Layouts => [new RegisterLayout("single", DisplayName, Registers.Select(r => r.Code).ToList())];

    /// <summary>
    /// The checks of this type's readings. Since SDK 1.2.0; a plugin built against an older SDK gets
    /// the shared checks without volume limits (order, future, digits, rollover).
    /// </summary>
    IMeterValidator Validator => new MeterValidator(PlausibilityLimits.None, Forecaster) { Unit = Unit };

    /// <summary>
    /// How this type is charged: tariff shapes and the formula that prices a period. Since SDK
    /// 1.3.0; a plugin built against an older SDK has none, and Billing charges nothing for its
    /// accounts (the run reports them).
    /// </summary>
    ITariffFormula? Tariffs => null;
}
