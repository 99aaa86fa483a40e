using System.Globalization;
using Utilities.Billing.Data;
using Utilities.Billing.Recalculations;
using Utilities.Contracts;
using Utilities.Platform.Auditing;
using Utilities.Platform.Identity;
using Utilities.Platform.Time;

namespace Utilities.Billing.Absences;

internal sealed record AbsenceRequest(long AccountId, DateOnly? From, DateOnly? To, int? Persons);

/// <summary>
/// Temporary absence of residents (Rules 354 п.86: more than 5 full days, confirmed by documents
/// at the centre): norm-based charges of those days are for the residents present. Periods billed
/// already get a recalculation request (reversal + new lines in the next run); later ones see the
/// absence when they are charged.
/// </summary>
internal sealed class RegisterAbsenceCommand(BillingDbContext db, IBillingFacts facts, IClock clock, ICurrentUser user, IAuditLog audit)
{
    /// <summary>п.86: the absence must last more than 5 full days.</summary>
    public const int MinimumDays = 6;

    public async Task<string?> ExecuteAsync(AbsenceRequest request, CancellationToken cancellationToken)
    {
        var account = (await facts.AccountsAsync([request.AccountId], cancellationToken)).FirstOrDefault();
        if (account is null)
            return "Лицевой счёт не найден.";
        if (request.From is not { } from || request.To is not { } to || request.Persons is not { } persons)
            return "Укажите даты начала и окончания отсутствия и число отсутствующих.";
        if (to < from)
            return "Дата окончания отсутствия раньше даты начала.";
        if (to.DayNumber - from.DayNumber + 1 < MinimumDays)
            return $"Перерасчёт за временное отсутствие — от {MinimumDays} полных суток (более 5, п. 86 Правил 354).";
        if (persons < 1 || persons > account.Residents)
            return string.Create(CultureInfo.InvariantCulture, $"Отсутствующих может быть от 1 до {account.Residents} (зарегистрировано в помещении).");

        var who = user.Id ?? "system";
        var absence = new Absence { AccountId = account.AccountId, FromDate = from, ToDate = to, Persons = persons, CreatedAt = clock.Now, CreatedBy = who };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Absences.Add(absence);
        await db.SaveChangesAsync(cancellationToken);
        var reason = string.Create(CultureInfo.InvariantCulture, $"Временное отсутствие {persons} чел. с {from:dd.MM.yyyy} по {to:dd.MM.yyyy}");
        await RecalculationRequests.AddAsync(db, clock, account.AccountId, new DateOnly(from.Year, from.Month, 1), "absence", reason,
            $"absence:{absence.Id}", cancellationToken, until: to);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.WriteAsync("billing.absence-registered", $"account:{account.AccountId}", reason, cancellationToken);
        return null;
    }
}
