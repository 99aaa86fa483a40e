using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Npgsql;
using Utilities.Contracts;
using Utilities.Metering.Data;
using Utilities.Metering.Events;
using Utilities.Metering.Resources;
using Utilities.Metering.Plugins;
using Utilities.Platform.Input;
using Utilities.Platform.Messaging;
using Utilities.Platform.Settings;
using Utilities.Platform.Time;
using Utilities.Plugins.Sdk;

namespace Utilities.Metering.Readings;

/// <summary>The readings of one meter at one time, as typed by a person (one text per register).</summary>
internal sealed record ReadingForm(long MeterId, DateOnly TakenOn, IReadOnlyDictionary<string, string?> Values, string Kind = ReadingKinds.Regular);

internal enum IntakeOutcome
{
    /// <summary>Stored; see each register's status.</summary>
    Stored,

    /// <summary>The same values from the same source for the same time are there already: nothing changed.</summary>
    Unchanged,

    /// <summary>Bad input or a rule broken: nothing stored; see the messages.</summary>
    Refused,
}

/// <summary>One register's result: its consumption since the previous reading, status and findings in the page's language.</summary>
internal sealed record RegisterResult(string Register, decimal? Value, decimal? Consumption, string? Status, IReadOnlyList<string> Findings, string? Error);

/// <param name="Errors">Messages not tied to one register (unknown meter, date rules).</param>
internal sealed record IntakeResult(IntakeOutcome Outcome, IReadOnlyList<string> Errors, IReadOnlyList<RegisterResult> Registers, DateOnly? Period)
{
    public bool Succeeded => Outcome != IntakeOutcome.Refused;

    public IEnumerable<string> AllMessages => Errors.Concat(Registers.Where(r => r.Error is not null).Select(r => r.Error!));
}

/// <summary>
/// Readings from people: a consumer (cabinet, kiosk) or an inspector (round sheet, meter card).
/// Applies the rules of domain.md "Meter readings": the 10-day rule for consumers, the deadline day,
/// the plugin's plausibility checks, identity (meter, register, time taken, source): the same value
/// again changes nothing, a different one is a conflict. A consumer's plausible reading is confirmed
/// at once; an implausible one waits (pending) for an inspection within the confirmation term.
/// </summary>
internal sealed class ReadingIntake(
    MeteringDbContext db,
    MeterHistory history,
    UtilityTypes utilities,
    ISettings settings,
    IClock clock,
    IServiceProvider services,
    IStringLocalizer<MeteringText> text)
{
    public const int MaxDecimals = 6;

    /// <summary>Checks without storing: the htmx preview as a person types (consumption, messages).</summary>
    public Task<IntakeResult> PreviewAsync(ReadingSubmitter submitter, ReadingForm form, CancellationToken cancellationToken) =>
        RunAsync(submitter, form, store: false, cancellationToken);

    public Task<IntakeResult> SubmitAsync(ReadingSubmitter submitter, ReadingForm form, CancellationToken cancellationToken) =>
        RunAsync(submitter, form, store: true, cancellationToken);

    private async Task<IntakeResult> RunAsync(ReadingSubmitter submitter, ReadingForm form, bool store, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.CurrentUICulture;
        var meter = await db.Meters.AsNoTracking().FirstOrDefaultAsync(m => m.Id == form.MeterId, cancellationToken);
        if (meter is null || !await MayTouchAsync(submitter, meter, cancellationToken))
            return Refused(text["Reading_MeterNotFound"]);

        var today = await clock.TodayAsync(cancellationToken);
        var now = clock.Now;
        var errors = new List<string>();
        if (meter.RemovedOn is { } removed && (form.Kind != ReadingKinds.Final || form.TakenOn > removed))
            errors.Add(text["Reading_MeterRemoved", removed.ToString("d", culture)]);
        if (form.TakenOn < meter.InstalledOn)
            errors.Add(text["Reading_BeforeInstallation", meter.InstalledOn.ToString("d", culture)]);
        if (form.TakenOn > today)
            errors.Add(text["Reading_Future"]);
        if (submitter.Source == ReadingSources.Consumer)
        {
            var maxAge = await settings.GetAsync(MeteringSettings.ConsumerReadingMaxAgeDays, today, cancellationToken);
            if (today.DayNumber - form.TakenOn.DayNumber > maxAge)
                errors.Add(text["Reading_TooOld", maxAge]);
        }

        var utility = utilities.Find(meter.Utility);
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var results = new List<RegisterResult>();
        foreach (var register in meter.Registers)
        {
            form.Values.TryGetValue(register, out var typed);
            if (string.IsNullOrWhiteSpace(typed))
            {
                results.Add(new RegisterResult(register, null, null, null, [], text["Reading_Required", utilities.RegisterName(meter.Utility, register, culture)]));
                continue;
            }

            var value = DecimalInput.Parse(typed);
            string? error = value switch
            {
                null => text["Reading_NotANumber"].Value,
                < 0 => text["Reading_Negative"].Value,
                { Scale: > MaxDecimals } => text["Reading_TooManyDecimals", MaxDecimals].Value,
                _ when meter.DigitCapacity > 0 && value >= MeterArithmetic.Capacity(meter.DigitCapacity) => text["Reading_TooManyDigits", meter.DigitCapacity].Value,
                _ => null,
            };
            if (error is not null)
                results.Add(new RegisterResult(register, null, null, null, [], error));
            else
                values[register] = value!.Value;
        }

        var unknown = form.Values.Keys.Where(k => !meter.Registers.Contains(k)).ToList();
        if (unknown.Count > 0)
            errors.Add(text["Reading_UnknownRegister", string.Join(", ", unknown)]);
        if (errors.Count > 0 || results.Count > 0)
            return new IntakeResult(IntakeOutcome.Refused, errors, Complete(meter, results, values), null);

        var takenAt = form.TakenOn.ToDateTime(ReadingPeriods.DateOnlyReadingTime);
        var existing = await db.Readings.AsNoTracking()
            .Where(r => r.MeterId == meter.Id && r.TakenAt == takenAt && r.Source == submitter.Source)
            .ToListAsync(cancellationToken);
        if (existing.Count > 0)
            return Identity(meter, existing, values, culture);

        var deadline = await settings.GetAsync(MeteringSettings.ReadingDeadlineDay, today, cancellationToken);
        var period = ReadingPeriods.ForSubmission(today, deadline);
        var known = await history.LoadAsync(meter, takenAt, cancellationToken);
        var nowLocal = TimeZoneInfo.ConvertTime(now, await clock.ZoneAsync(cancellationToken)).DateTime;
        var assessments = new Dictionary<string, ReadingAssessment>(StringComparer.Ordinal);
        foreach (var (register, value) in values)
        {
            var (latest, monthly) = known[register];
            var check = new ReadingCheck
            {
                Register = register, Value = value, TakenAt = takenAt, Now = nowLocal.Date.AddDays(1).AddTicks(-1),
                DigitCapacity = meter.DigitCapacity, Scope = meter.BuildingId is null ? MeterScope.Premises : MeterScope.Building,
                Previous = form.Kind == ReadingKinds.Initial ? null : latest, History = monthly,
            };
            assessments[register] = utility?.Validator.Assess(check) ?? new ReadingAssessment(null, []);
        }

        var plausible = assessments.Values.All(a => a.IsPlausible);
        var status = submitter.Source == ReadingSources.Consumer && !plausible ? ReadingStatuses.Pending : ReadingStatuses.Confirmed;
        results.AddRange(values.Select(v => new RegisterResult(
            v.Key, v.Value, assessments[v.Key].Consumption, status,
            assessments[v.Key].Findings.Where(f => f.Severity != FindingSeverity.Error).Select(f => f.Message.In(culture)).ToList(),
            assessments[v.Key].IsRefused ? string.Join(" ", assessments[v.Key].Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Message.In(culture))) : null)));
        var ordered = Complete(meter, results, values);
        if (assessments.Values.Any(a => a.IsRefused))
            return new IntakeResult(IntakeOutcome.Refused, errors, ordered, period);
        if (!store)
            return new IntakeResult(IntakeOutcome.Stored, errors, ordered, period);

        var confirmationDays = await settings.GetAsync(MeteringSettings.ConfirmationDays, today, cancellationToken);
        var rows = values.Select(v => new Reading
        {
            MeterId = meter.Id, Register = v.Key, TakenAt = takenAt, Value = v.Value, Source = submitter.Source, Kind = form.Kind,
            Period = period, Status = status, SubmittedAt = now.ToUniversalTime(), SubmittedBy = submitter.Who,
            ConfirmBy = status == ReadingStatuses.Pending ? today.AddDays(confirmationDays) : null,
            Findings = Serialize(assessments[v.Key].Findings),
        }).ToList();

        // A replacement submits its final and initial readings inside its own transaction.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        db.Readings.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone stored the same reading a moment ago: answer as for a retry.
            db.ChangeTracker.Clear();
            if (transaction is null)
                return Refused(text["Reading_Concurrent"]);
            await transaction.RollbackAsync(cancellationToken);
            var raced = await db.Readings.AsNoTracking()
                .Where(r => r.MeterId == meter.Id && r.TakenAt == takenAt && r.Source == submitter.Source)
                .ToListAsync(cancellationToken);
            return Identity(meter, raced, values, culture);
        }

        if (status == ReadingStatuses.Pending)
        {
            var reasons = string.Join(" ", assessments.Values.SelectMany(a => a.Findings).Where(f => f.Severity == FindingSeverity.Warning).Select(f => f.Message.Russian));
            db.InspectionTasks.Add(new InspectionTask
            {
                MeterId = meter.Id, ReadingId = rows[0].Id, Reason = reasons, CreatedAt = now.ToUniversalTime(),
                DueOn = today.AddDays(confirmationDays),
            });
        }

        db.Publish(new ReadingsAccepted(meter.Id, meter.AccountId, meter.BuildingId, meter.Utility, submitter.Source, takenAt, period, status,
            rows.Select(r => r.Id).ToList()), now);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
            await transaction.CommitAsync(cancellationToken);
        return new IntakeResult(IntakeOutcome.Stored, errors, ordered, period);
    }

    /// <summary>A consumer touches only meters of accounts their cabinet shows; staff and automation any.</summary>
    private async Task<bool> MayTouchAsync(ReadingSubmitter submitter, Meter meter, CancellationToken cancellationToken)
    {
        if (submitter.ConsumerId is not { } consumerId)
            return true;
        if (meter.AccountId is not { } accountId || services.GetService<IConsumerAccounts>() is not { } accounts)
            return false;
        var view = await accounts.ViewAsync(consumerId, cancellationToken);
        return view.Accounts.Any(a => a.Id == accountId && a.ClosedOn is null);
    }

    private IntakeResult Identity(Meter meter, IReadOnlyList<Reading> existing, Dictionary<string, decimal> values, CultureInfo culture)
    {
        var conflicts = values
            .Where(v => existing.FirstOrDefault(e => e.Register == v.Key) is { } e && e.Value != v.Value)
            .Select(v => text["Reading_Conflict", utilities.RegisterName(meter.Utility, v.Key, culture),
                existing.First(e => e.Register == v.Key).Value.ToString("0.######", culture)].Value)
            .ToList();
        var missing = values.Keys.Where(r => existing.All(e => e.Register != r)).ToList();
        if (conflicts.Count > 0 || missing.Count > 0)
        {
            if (missing.Count > 0)
                conflicts.Add(text["Reading_PartlyStored"]);
            return Refused([.. conflicts]);
        }

        var rows = existing.Select(e => new RegisterResult(e.Register, e.Value, null, e.Status, [], null)).ToList();
        return new IntakeResult(IntakeOutcome.Unchanged, [], rows, existing[0].Period);
    }

    private static List<RegisterResult> Complete(Meter meter, List<RegisterResult> results, Dictionary<string, decimal> values) =>
        meter.Registers
            .Select(r => results.FirstOrDefault(x => x.Register == r) ?? new RegisterResult(r, values.TryGetValue(r, out var v) ? v : null, null, null, [], null))
            .ToList();

    private static IntakeResult Refused(params string[] errors) => new(IntakeOutcome.Refused, errors, [], null);

    internal static string? Serialize(IReadOnlyList<ValidationFinding> findings) =>
        findings.Count == 0
            ? null
            : JsonSerializer.Serialize(findings.Select(f => new StoredFinding(f.Code, f.Severity.ToString().ToLowerInvariant(), f.Message.Russian, f.Message.English)));
}

/// <summary>A plugin finding as stored with the reading (jsonb).</summary>
internal sealed record StoredFinding(string Code, string Severity, string Ru, string En)
{
    public static IReadOnlyList<StoredFinding> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<StoredFinding>>(json) ?? [];

    public string In(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? En : Ru;
}
