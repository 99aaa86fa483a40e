using Utilities.Billing.Data;
using Utilities.Contracts;
using Utilities.Metering;
using Utilities.Plugins.Sdk;

namespace Utilities.Billing.Runs;

/// <summary>What an account's history brings to its charge: the previous period's estimations, averages, absences.</summary>
internal sealed record AccountHistory(
    IReadOnlyDictionary<(long Meter, string Register), Estimation> Previous,
    IReadOnlyDictionary<(long Meter, string Register), AverageConsumption> Averages,
    IReadOnlyList<Absence> Absences)
{
    public static AccountHistory Empty { get; } = new(
        new Dictionary<(long, string), Estimation>(), new Dictionary<(long, string), AverageConsumption>(), []);
}

/// <summary>One account's charge for a period: lines (without run and period yet), estimations, or the problem.</summary>
internal sealed record AccountCharge(
    IReadOnlyList<ChargeLineRow> Lines,
    IReadOnlyList<Estimation> Estimations,
    string? Problem,
    int ReverseEstimatedPeriods)
{
    public static AccountCharge Failed(string problem) => new([], [], problem, 0);
}

/// <summary>
/// The estimation chain and the call of the plugin's formula for one account (domain.md, "When
/// there is no reading", Rules 354 п.59–60; every number from <see cref="EstimationRules"/>):
/// <list type="bullet">
/// <item>measured registers are priced as they are; after months of estimates for a missing
/// reading (chain б) the volume covers them, so those estimates are reversed (п.61);</item>
/// <item>(б) no reading: the average for at most <c>MissingAverageMonths</c> periods, then the norm;</item>
/// <item>(а) faulty meter: the average for at most <c>FaultyAverageMonths</c>, then the norm × <c>FaultyNormCoefficient</c>;</item>
/// <item>no meter at all: the norm × <c>NoMeterNormCoefficient</c> (formula 4(1)), or what the
/// formula does without volumes (heating by area or the building meter);</item>
/// <item>the average needs <c>AverageMinMonths</c> of history (<c>AverageMinMonthsNewMeter</c> for a
/// newer meter); without it the norm applies at once.</item>
/// </list>
/// A norm is charged for the premises, so one register on the norm puts the whole account on it.
/// </summary>
internal static class ChargeCalculator
{
    public static AccountCharge Calculate(PeriodContext context, AccountFacts account, IReadOnlyList<RegisterConsumption> rows, AccountHistory history)
    {
        var formula = context.Formula(account.Utility);
        if (formula is null)
            return AccountCharge.Failed($"Нет формулы начисления для услуги «{account.Utility}» (модуль услуги не загружен или старше SDK 1.3).");

        var from = account.OpenedOn > context.Period ? account.OpenedOn : context.Period;
        var to = account.ClosedOn is { } closed && closed < context.PeriodEnd ? closed : context.PeriodEnd;
        if (from > to)
            return new AccountCharge([], [], null, 0);

        var registers = rows.Select(r => r.Register).Distinct().ToList();
        var shape = formula.ChooseShape(registers, context.Tariffs.ShapesInForce(account.Utility, account.SupplierId));
        if (shape is null || context.Tariffs.Prices(account.Utility, account.SupplierId, shape, from, to) is not { } tariff)
            return AccountCharge.Failed($"У поставщика нет тарифа услуги «{account.Utility}» на {context.Period:MM.yyyy}.");

        var rules = context.Estimation;
        var fraction = (decimal)(to.DayNumber - from.DayNumber + 1) / context.PeriodDays;
        var volumes = new List<RegisterVolume>(rows.Count);
        var readings = new Dictionary<string, RegisterConsumption>(StringComparer.Ordinal);
        var estimations = new List<Estimation>();
        var byNorm = rows.Count == 0;
        var coefficient = byNorm && rules.NoMeterCoefficientUtilities.Contains(account.Utility) ? rules.NoMeterNormCoefficient : 1m;
        var reverse = 0;
        foreach (var row in rows)
        {
            history.Previous.TryGetValue((row.MeterId, row.Register), out var previous);
            if (row.State == ConsumptionState.Measured)
            {
                var months = 1;
                if (previous is { Chain: "b" })
                {
                    // The reading covers the estimated months: п.61, their estimates are reversed.
                    months = previous.Seq + 1;
                    reverse = Math.Max(reverse, previous.Seq);
                }

                volumes.Add(new RegisterVolume(row.Register, row.Volume!.Value, VolumeBasis.Measured, months));
                readings.TryAdd(row.Register, row);
                continue;
            }

            var chain = row.State == ConsumptionState.Faulty ? "a" : "b";
            var seq = (short)((previous?.Chain == chain ? previous.Seq : 0) + 1);
            var limit = chain == "a" ? rules.FaultyAverageMonths : rules.MissingAverageMonths;
            var average = history.Averages.GetValueOrDefault((row.MeterId, row.Register));
            var newMeter = average is not null && average.InstalledOn > context.Period.AddMonths(-rules.AverageMinMonths);
            if (seq <= limit && average is not null && average.Months >= (newMeter ? rules.AverageMinMonthsNewMeter : rules.AverageMinMonths))
            {
                var volume = Math.Round(average.MonthlyVolume * fraction, 6, MidpointRounding.AwayFromZero);
                volumes.Add(new RegisterVolume(row.Register, volume, VolumeBasis.Average));
                estimations.Add(Estimate(account, row, chain, seq, VolumeBasis.Average, volume));
            }
            else
            {
                byNorm = true;
                if (chain == "a")
                    coefficient = Math.Max(coefficient, rules.FaultyNormCoefficient);
                estimations.Add(Estimate(account, row, chain, seq, VolumeBasis.Norm, 0m));
            }
        }

        if (byNorm)
        {
            volumes.Clear();
            readings.Clear();
        }

        var premises = context.Premises(account);
        var request = new ChargeRequest
        {
            Period = context.Period,
            From = from,
            To = to,
            Shape = shape,
            Prices = tariff.Segments,
            Volumes = volumes,
            Premises = premises,
            Norm = context.Norms.Find(account.Utility, formula.NormKey(premises)),
            NormCoefficient = coefficient,
            BuildingVolume = context.BuildingVolumes.TryGetValue((account.BuildingId, account.Utility), out var building) ? building : null,
            Rules = context.Rules,
        };

        var lines = new List<ChargeLine>();
        foreach (var part in Parts(context, account, request, history.Absences, byNorm))
        {
            var result = formula.Compute(part);
            if (result.Problem is { } problem)
                return AccountCharge.Failed(problem.Russian);
            lines.AddRange(result.Lines);
        }

        var rowsOut = lines.Select(l => ToRow(account, tariff.Tariff.Id, l, l.Register is { } r ? readings.GetValueOrDefault(r) : null)).ToList();
        return new AccountCharge(rowsOut, estimations, null, reverse);
    }

    /// <summary>
    /// A norm-based charge is split at the days of temporary absence, each part with the residents
    /// present (Rules 354 п.86: the norm is charged for the days a person lives there).
    /// </summary>
    private static IEnumerable<ChargeRequest> Parts(PeriodContext context, AccountFacts account, ChargeRequest request, IReadOnlyList<Absence> absences, bool byNorm)
    {
        var relevant = byNorm ? absences.Where(a => a.FromDate <= request.To && a.ToDate >= request.From).ToList() : [];
        if (relevant.Count == 0)
        {
            yield return request;
            yield break;
        }

        var cuts = relevant.SelectMany(a => new[] { a.FromDate, a.ToDate.AddDays(1) })
            .Where(d => d > request.From && d <= request.To)
            .Append(request.From).Append(request.To.AddDays(1))
            .Distinct().Order().ToList();
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var (from, to) = (cuts[i], cuts[i + 1].AddDays(-1));
            var away = relevant.Where(a => a.FromDate <= from && a.ToDate >= to).Sum(a => a.Persons);
            var prices = context.Tariffs.Prices(account.Utility, account.SupplierId, request.Shape, from, to)!.Value.Segments;
            yield return request with
            {
                From = from,
                To = to,
                Prices = prices,
                Premises = context.Premises(account, Math.Max(0, account.Residents - away)),
            };
        }
    }

    private static Estimation Estimate(AccountFacts account, RegisterConsumption row, string chain, short seq, VolumeBasis basis, decimal volume) => new()
    {
        AccountId = account.AccountId,
        MeterId = row.MeterId,
        Register = row.Register,
        Chain = chain,
        Seq = seq,
        Basis = (short)basis,
        Volume = volume,
    };

    private static ChargeLineRow ToRow(AccountFacts account, long tariffId, ChargeLine line, RegisterConsumption? reading) => new()
    {
        AccountId = account.AccountId,
        PremisesId = account.PremisesId,
        SupplierId = account.SupplierId,
        Utility = account.Utility,
        TariffId = tariffId,
        Kind = ChargeKind.Charge,
        Component = line.Component,
        Register = line.Register,
        Basis = (short)line.Basis,
        Volume = line.Volume,
        Unit = line.Unit,
        Price = line.Price,
        Amount = line.Amount,
        LineFrom = line.From,
        LineTo = line.To,
        MeterId = reading?.MeterId,
        Opening = reading?.Opening,
        Closing = reading?.Closing,
        ExplanationRu = line.Explanation.Russian,
        ExplanationEn = line.Explanation.English,
    };
}
