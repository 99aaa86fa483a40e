namespace Utilities.Backtest;

/// <summary>
/// The non-working days a forecast of the shared data may know in advance (ForecastHistory.Holidays,
/// SDK 1.5.0): the bank holidays of England and Wales (the Cambridge buildings are in England; the
/// data README) and the closure from 24 December to 1 January. They are a published calendar, known
/// years ahead, so handing the days after an origin to a forecast is no look-ahead.
/// </summary>
internal static class BacktestCalendar
{
    /// <summary>The one-off bank holidays of the years of the data (royal events, a moved early-May holiday).</summary>
    private static readonly DateOnly[] Extra =
    [
        new(2002, 6, 3), new(2002, 6, 4), new(2011, 4, 29), new(2012, 6, 5), new(2022, 6, 3), new(2022, 9, 19), new(2023, 5, 8),
    ];

    /// <summary>The holidays of <paramref name="from"/>'s year to <paramref name="to"/>'s year.</summary>
    public static IReadOnlyCollection<DateOnly> Holidays(int from, int to)
    {
        var days = new SortedSet<DateOnly>();
        for (var year = from; year <= to; year++)
        {
            foreach (var d in BankHolidays(year))
                days.Add(d);
            for (var d = new DateOnly(year, 12, 24); d.Year == year; d = d.AddDays(1))
                days.Add(d);
            days.Add(new DateOnly(year, 1, 1));
        }

        foreach (var d in Extra.Where(d => d.Year >= from && d.Year <= to))
            days.Add(d);
        return days;
    }

    /// <summary>The regular bank holidays of England and Wales in a year, substitute days included.</summary>
    public static IEnumerable<DateOnly> BankHolidays(int year)
    {
        yield return Substitute(new DateOnly(year, 1, 1));
        var easter = EasterSunday(year);
        yield return easter.AddDays(-2);
        yield return easter.AddDays(1);
        // Early May: the first Monday (8 May in 2020, moved to VE day's anniversary; 2 May 1995 aside).
        yield return year == 2020 ? new DateOnly(2020, 5, 8) : FirstMonday(new DateOnly(year, 5, 1));
        // Spring: the last Monday of May (moved to 4 June 2012 and 2 June 2022 for the jubilees; 4 June 2002 is in Extra).
        yield return year switch
        {
            2012 => new DateOnly(2012, 6, 4),
            2022 => new DateOnly(2022, 6, 2),
            2002 => new DateOnly(2002, 6, 4),
            _ => LastMonday(new DateOnly(year, 5, 31)),
        };
        yield return LastMonday(new DateOnly(year, 8, 31));
        var christmas = new DateOnly(year, 12, 25);
        var boxing = new DateOnly(year, 12, 26);
        // Substitute days: a holiday on a weekend moves to the next working day after both.
        yield return christmas.DayOfWeek switch
        {
            DayOfWeek.Saturday => christmas.AddDays(2),
            DayOfWeek.Sunday => christmas.AddDays(2),
            _ => christmas,
        };
        yield return boxing.DayOfWeek switch
        {
            DayOfWeek.Saturday => boxing.AddDays(2),
            DayOfWeek.Sunday => boxing.AddDays(2),
            DayOfWeek.Monday when christmas.DayOfWeek == DayOfWeek.Sunday => boxing.AddDays(1),
            _ => boxing,
        };
    }

    private static DateOnly Substitute(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Saturday => day.AddDays(2),
        DayOfWeek.Sunday => day.AddDays(1),
        _ => day,
    };

    private static DateOnly FirstMonday(DateOnly from)
    {
        while (from.DayOfWeek != DayOfWeek.Monday)
            from = from.AddDays(1);
        return from;
    }

    private static DateOnly LastMonday(DateOnly to)
    {
        while (to.DayOfWeek != DayOfWeek.Monday)
            to = to.AddDays(-1);
        return to;
    }

    /// <summary>Western Easter Sunday (the anonymous Gregorian algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
