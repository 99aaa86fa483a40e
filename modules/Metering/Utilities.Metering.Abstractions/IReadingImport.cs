namespace Utilities.Metering;

/// <summary>How a bulk file of register values is written.</summary>
public enum ReadingImportFormat
{
    /// <summary>A header line <c>serial,register,taken_at,value</c> (and an optional <c>utility</c> column), then one value per line.</summary>
    Csv,

    /// <summary>One JSON object per line with the same fields.</summary>
    JsonLines,
}

/// <summary>A row that was not stored: its line in the file (1 = the first line) and why.</summary>
public sealed record ReadingImportError(long Line, string Reason);

/// <summary>
/// What one import did. <paramref name="Problem"/> is set when the file as a whole could not be
/// read (empty, no header): then nothing was stored. <paramref name="Errors"/> holds the first
/// <see cref="IReadingImport.MaxReportedErrors"/> rejected rows; <paramref name="Rejected"/> counts all.
/// </summary>
public sealed record ReadingImportSummary(
    long Received,
    long Stored,
    long Unchanged,
    long Rejected,
    IReadOnlyList<ReadingImportError> Errors,
    string? Problem = null)
{
    public bool ErrorsTruncated => Rejected > Errors.Count;
}

/// <summary>
/// Bulk readings of automated meters (a metering system's upload, the <c>import-readings</c> verb):
/// streamed, validated row by row, stored once (a retry of the same file stores nothing again).
/// </summary>
public interface IReadingImport
{
    public const int MaxReportedErrors = 1000;

    /// <param name="submittedBy">Who sends the file: the API client or the operator of the command line.</param>
    Task<ReadingImportSummary> ImportAsync(Stream body, ReadingImportFormat format, string submittedBy, CancellationToken cancellationToken);
}
