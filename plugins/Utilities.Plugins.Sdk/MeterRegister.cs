namespace Utilities.Plugins.Sdk;

/// <summary>
/// One register (counter) of a meter: a multi-zone electricity meter has T1/T2/T3, a water or
/// heat meter a single one. Each register is read and charged on its own.
/// </summary>
/// <param name="Code">A stable code, unique within the utility type: <c>T1</c>, <c>T2</c>, <c>T3</c>, <c>total</c>.</param>
/// <param name="Name">How people read it: "Ночь" / "Night".</param>
public sealed record MeterRegister(string Code, LocalizedText Name)
{
    /// <summary>The one register of a single-register meter (water, heat).</summary>
    public static MeterRegister Total { get; } = new("total", new LocalizedText("Общий", "Total"));
}
