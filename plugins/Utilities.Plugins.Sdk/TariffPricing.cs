using System.Globalization;

namespace Utilities.Plugins.Sdk;

/// <summary>
/// What every tariff formula does the same way (SDK 1.3.0): rounding, the split of a volume by
/// days when prices change inside the charged span, the norm-based volume by residents, and one
/// charge line per component per price segment with its explanation in Russian and English.
/// </summary>
public static class TariffPricing
{
    private static readonly LocalizedText NormWord = new("норматив", "norm");

    /// <summary>Volume × price in kopecks, midpoint away from zero (as a cashier rounds).</summary>
    public static decimal Amount(decimal volume, decimal price) => Math.Round(volume * price, 2, MidpointRounding.AwayFromZero);

    /// <summary>A volume as volumes are kept: 6 decimals, midpoint away from zero.</summary>
    public static decimal RoundVolume(decimal volume) => Math.Round(volume, 6, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Splits a volume in proportion to days (domain.md, "Tariffs": a change inside a period splits
    /// monthly volumes by days): each part is volume × its days / all days, to 6 decimals, and the
    /// last part takes the remainder, so the parts always sum to the volume.
    /// </summary>
    /// <param name="volume">The volume to split (rounded to 6 decimals first).</param>
    /// <param name="days">Days of each part, in order; none negative, at least one day in all.</param>
    public static IReadOnlyList<decimal> SplitByDays(decimal volume, IReadOnlyList<int> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var total = days.Sum();
        if (days.Count == 0 || total <= 0 || days.Any(d => d < 0))
            throw new ArgumentException("Days must be non-negative and at least one in all.", nameof(days));

        volume = RoundVolume(volume);
        var parts = new decimal[days.Count];
        var given = 0m;
        for (var i = 0; i < days.Count - 1; i++)
        {
            parts[i] = RoundVolume(volume * days[i] / total);
            given += parts[i];
        }

        parts[^1] = volume - given;
        return parts;
    }

    /// <summary>Days charged: <see cref="ChargeRequest.From"/>..<see cref="ChargeRequest.To"/> inclusive.</summary>
    public static int ChargedDays(ChargeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.To.DayNumber - request.From.DayNumber + 1;
    }

    /// <summary>Whether the request charges only part of its month (an account opened or closed inside it).</summary>
    public static bool IsPartOfMonth(ChargeRequest request) => ChargedDays(request) < request.PeriodDays;

    /// <summary>
    /// The norm-based volume by residents (Rules 354 formula 4; 4(1) with the raising coefficient):
    /// residents × norm × coefficient, × charged days / days of the month for part of a month, to 6
    /// decimals; its derivation and the note "норматив[, повышающий коэффициент 1,5]" go on the line.
    /// </summary>
    /// <param name="request">A request with a <see cref="ChargeRequest.Norm"/>.</param>
    /// <param name="component">The component the volume is priced at.</param>
    /// <param name="unit">The unit of the norm (per resident a month).</param>
    public static ComponentVolume ByResidentsNorm(ChargeRequest request, string component, MeasurementUnit unit)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(unit);
        var norm = request.Norm ?? throw new ArgumentException("The request has no norm.", nameof(request));
        var residents = request.Premises.Residents;
        var volume = RoundVolume(residents * norm * request.NormCoefficient * DayShare(request));
        return new ComponentVolume(component, null, VolumeBasis.Norm, volume, unit)
        {
            Derivation = new LocalizedText(
                $"{residents} чел. × {ChargeText.Quantity(norm, unit, ChargeText.Russian)}{Factors(request, ChargeText.Russian)}",
                $"{residents} pers. × {ChargeText.Quantity(norm, unit, ChargeText.English)}{Factors(request, ChargeText.English)}"),
            Note = NormNote(request),
        };
    }

    /// <summary>
    /// The factors a norm is multiplied by, as printed after it: " × 1,5" for a raising coefficient
    /// other than 1, " × 16/31 дн." for part of a month; empty when there are none.
    /// </summary>
    public static string Factors(ChargeRequest request, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(culture);
        var text = request.NormCoefficient == 1m ? "" : $" × {ChargeText.Number(request.NormCoefficient, culture)}";
        if (IsPartOfMonth(request))
            text += $" × {ChargedDays(request)}/{request.PeriodDays} {(culture.TwoLetterISOLanguageName == "en" ? "days" : "дн.")}";
        return text;
    }

    /// <summary>The share of the month charged: charged days / days of the month (1 for a whole month).</summary>
    public static decimal DayShare(ChargeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsPartOfMonth(request) ? (decimal)ChargedDays(request) / request.PeriodDays : 1m;
    }

    /// <summary>"норматив", with ", повышающий коэффициент 1,5" when the coefficient is not 1.</summary>
    public static LocalizedText NormNote(ChargeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var coefficient = request.NormCoefficient;
        return coefficient == 1m
            ? NormWord
            : new LocalizedText(
                $"норматив, повышающий коэффициент {ChargeText.Number(coefficient, ChargeText.Russian)}",
                $"norm, raising coefficient {ChargeText.Number(coefficient, ChargeText.English)}");
    }

    /// <summary>The problem of a norm-based charge without a norm: the utility and the norm table row named.</summary>
    public static LocalizedText MissingNorm(LocalizedText utility, string normKey)
    {
        ArgumentNullException.ThrowIfNull(utility);
        return new LocalizedText(
            $"Нет норматива «{utility.Russian}» для строки {normKey}: начислить по нормативу нельзя.",
            $"No norm of {utility.English} for row {normKey}: cannot charge by the norm.");
    }

    /// <summary>The problem of a request for a shape the formula does not have.</summary>
    public static LocalizedText UnknownShape(LocalizedText utility, string shape)
    {
        ArgumentNullException.ThrowIfNull(utility);
        return new LocalizedText(
            $"У вида услуги «{utility.Russian}» нет тарифа вида {shape}.",
            $"{utility.English} has no tariff shape {shape}.");
    }

    /// <summary>
    /// Prices volumes over the request's price segments: each volume is split by the days of the
    /// segments (<see cref="SplitByDays"/>), one line per volume per segment at that segment's price,
    /// amount in kopecks (<see cref="Amount"/>). Fails, with no lines, when a segment lacks the price
    /// of a component priced or the segments leave a day of the charged span without prices.
    /// </summary>
    /// <param name="request">The request; its segments are clipped to its charged span.</param>
    /// <param name="shape">The shape priced (its name goes into problems).</param>
    /// <param name="volumes">The volumes, in the order their lines are printed.</param>
    public static ChargeResult Price(ChargeRequest request, TariffShape shape, IEnumerable<ComponentVolume> volumes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(volumes);
        if (request.To < request.From)
            throw new ArgumentException("The charged span ends before it starts.", nameof(request));

        var segments = Segments(request, shape, out var gap);
        if (gap is not null)
            return ChargeResult.Failed(gap);
        var priced = volumes.ToList();
        foreach (var component in priced.Select(v => v.Component).Distinct())
        {
            if (segments.FirstOrDefault(s => !s.Prices.ContainsKey(component)) is { } without)
                return ChargeResult.Failed(MissingPrice(shape, component, without.From, without.To));
        }

        var days = segments.Select(s => s.Days).ToList();
        var lines = new List<ChargeLine>();
        foreach (var volume in priced)
        {
            var parts = SplitByDays(volume.Volume, days);
            for (var i = 0; i < segments.Count; i++)
            {
                var segment = segments[i];
                var price = segment.Prices[volume.Component];
                lines.Add(new ChargeLine(
                    volume.Component, volume.Register, volume.Basis, parts[i], volume.Unit.Code, price,
                    Amount(parts[i], price), segment.From, segment.To,
                    Explain(request, shape, volume, parts[i], price, segment, segments.Count, days.Sum())));
            }
        }

        return new ChargeResult(lines);
    }

    private static List<PriceSegment> Segments(ChargeRequest request, TariffShape shape, out LocalizedText? gap)
    {
        var segments = request.Prices
            .Select(s => new PriceSegment(Later(s.From, request.From), Earlier(s.To, request.To), s.Prices))
            .Where(s => s.From <= s.To)
            .OrderBy(s => s.From)
            .ToList();
        gap = null;
        var next = request.From;
        foreach (var segment in segments)
        {
            if (segment.From != next)
            {
                gap = segment.From > next
                    ? NoPrices(shape, next, segment.From.AddDays(-1))
                    : new LocalizedText(
                        $"Цены тарифа «{shape.Name.Russian}» пересекаются с {Date(segment.From)}.",
                        $"Prices of the \"{shape.Name.English}\" tariff overlap from {IsoDate(segment.From)}.");
                return segments;
            }

            next = segment.To.AddDays(1);
        }

        if (next <= request.To)
            gap = NoPrices(shape, next, request.To);
        return segments;
    }

    private static LocalizedText NoPrices(TariffShape shape, DateOnly from, DateOnly to) => new(
        $"Нет цен тарифа «{shape.Name.Russian}» с {Date(from)} по {Date(to)}.",
        $"No prices of the \"{shape.Name.English}\" tariff from {IsoDate(from)} to {IsoDate(to)}.");

    private static LocalizedText MissingPrice(TariffShape shape, string component, DateOnly from, DateOnly to) => new(
        $"Нет цены компонента {component} тарифа «{shape.Name.Russian}» с {Date(from)} по {Date(to)}.",
        $"No price of component {component} of the \"{shape.Name.English}\" tariff from {IsoDate(from)} to {IsoDate(to)}.");

    private static LocalizedText Explain(
        ChargeRequest request, TariffShape shape, ComponentVolume volume, decimal part, decimal price,
        PriceSegment segment, int segmentCount, int totalDays)
    {
        string Text(CultureInfo culture, bool english)
        {
            var quantity = segmentCount == 1 && volume.Derivation is { } derivation
                ? derivation.In(culture)
                : ChargeText.Quantity(part, volume.Unit, culture);
            var remarks = new List<string>();
            if (volume.Label is { } label)
                remarks.Add(label.In(culture));
            else if (shape.Components.Count > 1)
                remarks.Add(volume.Component);
            if (volume.Note is { } note)
                remarks.Add(note.In(culture));
            var from = ChargeText.Day(segment.From);
            var to = ChargeText.Day(segment.To);
            if (segmentCount > 1)
                remarks.Add(english ? $"from {from} to {to}, {segment.Days} of {totalDays} days" : $"с {from} по {to}, {segment.Days} из {totalDays} дн.");
            else if (IsPartOfMonth(request))
                remarks.Add(english ? $"from {from} to {to}" : $"с {from} по {to}");
            var text = $"{quantity} × {ChargeText.Money(price, culture)}";
            return remarks.Count == 0 ? text : $"{text} ({string.Join(", ", remarks)})";
        }

        return new LocalizedText(Text(ChargeText.Russian, english: false), Text(ChargeText.English, english: true));
    }

    private static string Date(DateOnly day) => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private static string IsoDate(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;
}
