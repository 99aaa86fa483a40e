using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Utilities.Metering.Data;
using Utilities.Metering.Readings;
using Utilities.Metering.Resources;
using Utilities.Platform.Input;
using Utilities.Platform.Settings;

namespace Utilities.Metering.Cabinet;

/// <summary>What the consumer typed: the date taken (yyyy-MM-dd from a date input, or dd.MM.yyyy) and one text per register.</summary>
internal sealed record TypedReading(string? TakenOn, IReadOnlyDictionary<string, string?> Values);

/// <summary>One register's line beside its input: the implied consumption or what is wrong.</summary>
internal sealed record RegisterCheck(string Register, decimal? Consumption, string? Error, IReadOnlyList<string> Findings);

/// <summary>The form's state for the page, its htmx preview and the result of a submission.</summary>
/// <param name="Pages">The shell's folder of these pages: <c>/Cabinet/Meters</c> or <c>/Kiosk/Session/Meters</c>.</param>
internal sealed record ReadingFormView(
    ConsumerAccountMeters Account,
    ConsumerMeter Meter,
    string Pages,
    bool Kiosk,
    string TakenOn,
    IReadOnlyDictionary<string, string?> Values,
    int MaxAgeDays,
    IReadOnlyList<RegisterCheck> Checks,
    IReadOnlyList<string> Errors,
    string? Outcome,
    bool Submitted,
    bool Succeeded);

/// <summary>
/// A consumer's reading in the cabinet and at the kiosk: the preview as they type (implied
/// consumption, messages) and the submission, both through <see cref="ReadingIntake"/> with
/// <see cref="ReadingSubmitter.Consumer"/>, so the 10-day rule, the digits, the meter's owner and
/// identity are checked in one place. A faulty meter takes no readings here (Rules 354 п.81(12)):
/// the consumer is told to call the centre.
/// </summary>
internal sealed class ConsumerReadingForm(
    ConsumerMeters meters, ReadingIntake intake, MeteringDbContext db, ISettings settings, IStringLocalizer<MeteringText> text)
{
    public async Task<ReadingFormView?> OpenAsync(long consumerId, long accountId, long meterId, string pages, bool kiosk, CancellationToken cancellationToken)
    {
        var account = await meters.AccountAsync(consumerId, accountId, cancellationToken);
        if (account?.Meters.FirstOrDefault(m => m.Meter.Id == meterId) is not { } meter)
            return null;
        var maxAge = await settings.GetCurrentAsync(MeteringSettings.ConsumerReadingMaxAgeDays, cancellationToken);
        return new ReadingFormView(account, meter, pages, kiosk, account.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            meter.Meter.Registers.ToDictionary(r => r, _ => (string?)null), maxAge, [], [], null, Submitted: false, Succeeded: false);
    }

    public Task<ReadingFormView> PreviewAsync(long consumerId, ReadingFormView view, TypedReading typed, CancellationToken cancellationToken) =>
        RunAsync(consumerId, view, typed, store: false, cancellationToken);

    public Task<ReadingFormView> SubmitAsync(long consumerId, ReadingFormView view, TypedReading typed, CancellationToken cancellationToken) =>
        RunAsync(consumerId, view, typed, store: true, cancellationToken);

    private async Task<ReadingFormView> RunAsync(long consumerId, ReadingFormView view, TypedReading typed, bool store, CancellationToken cancellationToken)
    {
        var meter = view.Meter;
        var values = meter.Meter.Registers.ToDictionary(r => r, r => typed.Values.TryGetValue(r, out var v) ? v?.Trim() : null);
        view = view with { TakenOn = typed.TakenOn?.Trim() ?? string.Empty, Values = values, Submitted = store };
        if (meter.IsFaulty)
            return view with { Errors = [Faulty(meter)] };
        if (ParseDate(typed.TakenOn) is not { } takenOn)
            return view with { Errors = [text["Cabinet_DateRequired"].Value] };

        var submitter = ReadingSubmitter.Consumer(consumerId);
        var form = new ReadingForm(meter.Meter.Id, takenOn, values);
        var result = store
            ? await intake.SubmitAsync(submitter, form, cancellationToken)
            : await intake.PreviewAsync(submitter, form, cancellationToken);

        var checks = meter.Registers.Select(register =>
        {
            var r = result.Registers.FirstOrDefault(x => x.Register == register.Code);
            var typedValue = values[register.Code];
            // While the person is still typing, an empty field is not an error yet.
            var error = !store && string.IsNullOrWhiteSpace(typedValue) ? null : r?.Error;
            var consumption = r?.Consumption ?? Implied(meter, register, typedValue);
            return new RegisterCheck(register.Code, error is null ? consumption : null, error, r?.Findings ?? []);
        }).ToList();
        if (!store)
            return view with { Checks = checks, Errors = result.Errors, Outcome = result.Succeeded && values.Values.All(v => !string.IsNullOrWhiteSpace(v)) ? Planned(result) : null };

        if (!result.Succeeded)
            return view with { Checks = checks, Errors = result.AllMessages.Distinct().ToList() };

        // Show the meter as it is now: the new values are the last ones.
        var fresh = await meters.AccountAsync(consumerId, view.Account.Account.Id, cancellationToken);
        var freshMeter = fresh?.Meters.FirstOrDefault(m => m.Meter.Id == meter.Meter.Id) ?? meter;
        var outcome = await OutcomeAsync(meter, takenOn, result, cancellationToken);
        return view with
        {
            Account = fresh ?? view.Account, Meter = freshMeter, Checks = checks, Errors = [], Outcome = outcome, Succeeded = true,
            Values = meter.Meter.Registers.ToDictionary(r => r, _ => (string?)null),
        };
    }

    private async Task<string> OutcomeAsync(ConsumerMeter meter, DateOnly takenOn, IntakeResult result, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.CurrentUICulture;
        var period = Month(result.Period!.Value);
        var status = result.Registers.Select(r => r.Status).FirstOrDefault(s => s is not null);
        var prefix = result.Outcome == IntakeOutcome.Unchanged ? text["Cabinet_AlreadyAccepted"].Value + " " : string.Empty;
        if (status == ReadingStatuses.Pending)
        {
            var takenAt = takenOn.ToDateTime(ReadingPeriods.DateOnlyReadingTime);
            var confirmBy = await db.Readings.AsNoTracking()
                .Where(r => r.MeterId == meter.Meter.Id && r.TakenAt == takenAt && r.Source == ReadingSources.Consumer)
                .Select(r => r.ConfirmBy).FirstOrDefaultAsync(cancellationToken);
            return prefix + text["Cabinet_AcceptedPending", confirmBy?.ToString("dd.MM.yyyy", culture) ?? string.Empty, period].Value;
        }

        return prefix + (status == ReadingStatuses.Rejected ? text["Cabinet_Rejected"].Value : text["Cabinet_AcceptedConfirmed", period].Value);
    }

    private string Planned(IntakeResult result)
    {
        var period = Month(result.Period ?? default);
        return result.Registers.Any(r => r.Status == ReadingStatuses.Pending)
            ? text["Cabinet_WillBeChecked", period].Value
            : text["Cabinet_WillCount", period].Value;
    }

    public string Faulty(ConsumerMeter meter) =>
        text["Cabinet_FaultyMeter", meter.Meter.VerifiedUntil.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)].Value;

    /// <summary>The consumption the typed value implies against the last value, before the intake can say (other fields still empty).</summary>
    private static decimal? Implied(ConsumerMeter meter, ConsumerRegister register, string? typed) =>
        register.LastValue is { } last && DecimalInput.Parse(typed) is { } value && value >= last
            && (meter.Meter.DigitCapacity <= 0 || value < MeterArithmetic.Capacity(meter.Meter.DigitCapacity))
            ? value - last
            : null;

    private static DateOnly? ParseDate(string? typed)
    {
        string[] formats = ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"];
        return DateOnly.TryParseExact(typed?.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }

    /// <summary>The period inside a sentence: "январь 2026", "January 2026".</summary>
    public static string Month(DateOnly period) => period.ToString("MMMM yyyy", CultureInfo.CurrentUICulture);
}
