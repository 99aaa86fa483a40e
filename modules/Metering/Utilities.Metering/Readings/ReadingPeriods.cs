namespace Utilities.Metering.Readings;

/// <summary>
/// Which billing period a reading counts for (domain.md, "Meter readings"; architecture.md,
/// "Readings → charges").
/// </summary>
internal static class ReadingPeriods
{
    /// <summary>
    /// Date-only readings (a consumer's, an inspector's) are stored at noon of the day taken, so
    /// they never sit on a month boundary where automated interval values close a month.
    /// </summary>
    public static readonly TimeOnly DateOnlyReadingTime = new(12, 0);

    /// <summary>
    /// The deadline-day rule: a reading submitted on or before the deadline day (setting, default
    /// 25) counts for the month it was submitted in, a later one for the next month.
    /// </summary>
    public static DateOnly ForSubmission(DateOnly submittedOn, int deadlineDay)
    {
        var month = new DateOnly(submittedOn.Year, submittedOn.Month, 1);
        return submittedOn.Day <= deadlineDay ? month : month.AddMonths(1);
    }

    /// <summary>
    /// Automated meters use calendar-month boundaries from their interval data: a value belongs to
    /// the month it ends, so the value at 00:00 on the 1st closes the month before.
    /// SQL twin: <c>date_trunc('month', taken_at - interval '1 microsecond')::date</c>.
    /// </summary>
    public static DateOnly ForInterval(DateTime takenAt)
    {
        var end = takenAt.AddTicks(-10);
        return new DateOnly(end.Year, end.Month, 1);
    }

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);
}
