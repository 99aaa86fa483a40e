using System.Diagnostics;
using System.Globalization;

namespace Utilities.Platform.Faults;

/// <summary>
/// Enumerated crash points (issue 12, ADR 27): the fault tests start the host as a process with
/// <c>UTILITIES_FAULT_KILL_AT=point:n</c>, and the n-th time the code passes <see cref="Hit"/> with that
/// point the process kills itself with SIGKILL: no <c>finally</c>, no disposal, no flush, as a power cut
/// or the OOM killer would end it. Without the variable (always in production) a hit is one
/// comparison. The variable is read once at start.
/// </summary>
public static class FaultPoints
{
    public const string Variable = "UTILITIES_FAULT_KILL_AT";

    private static readonly (string Point, int Nth)? Target = Parse(Environment.GetEnvironmentVariable(Variable));

    private static int hits;

    /// <summary>Passes a named point: kills this process when it is the armed point's n-th hit.</summary>
    public static void Hit(string point)
    {
        if (Target is not { } target || !string.Equals(target.Point, point, StringComparison.Ordinal))
            return;
        if (Interlocked.Increment(ref hits) != target.Nth)
            return;
        // The tests wait for this line to know the process died where they meant it to.
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fault: SIGKILL at {point} (hit {target.Nth})"));
        Console.Error.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill(); // SIGKILL on Linux
        Thread.Sleep(Timeout.Infinite);
    }

    internal static (string Point, int Nth)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var colon = value.LastIndexOf(':');
        if (colon <= 0)
            return (value.Trim(), 1);
        return int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var nth) && nth > 0
            ? (value[..colon].Trim(), nth)
            : (value.Trim(), 1);
    }
}
