using System.Buffers;
using System.IO.Pipelines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using Utilities.Metering.Data;
using Utilities.Metering.Events;
using Utilities.Metering.Resources;
using Utilities.Platform.Messaging;
using Utilities.Platform.Time;
using Utilities.Platform.Faults;

namespace Utilities.Metering.ImportReadings;

/// <summary>
/// Bulk readings of automated meters (ADR 13): the body is read as a stream, line by line, in
/// batches of <see cref="BatchSize"/> rows; each batch is checked, staged with binary COPY and
/// inserted set-based with ON CONFLICT DO NOTHING, so a retry of the same file stores nothing
/// twice. The whole request is one transaction with its one <see cref="ReadingsImported"/> event:
/// a broken upload stores nothing, and the summary says exactly what was stored.
/// </summary>
internal sealed class ReadingImport(MeteringDbContext db, IClock clock, IStringLocalizer<MeteringText> text) : IReadingImport
{
    public const int BatchSize = 50_000;

    /// <summary>A longer line is no reading: the file is refused rather than buffered without end.</summary>
    public const int MaxLineBytes = 64 * 1024;

    public async Task<ReadingImportSummary> ImportAsync(Stream body, ReadingImportFormat format, string submittedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var zone = await clock.ZoneAsync(cancellationToken);
        var now = clock.Now;
        var run = new ImportRun(format, new ImportBatch(BatchSize, TimeZoneInfo.ConvertTime(now, zone).DateTime, zone), text);

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var store = new ImportStore((NpgsqlConnection)db.Database.GetDbConnection(), now, submittedBy);
            await store.PrepareAsync(cancellationToken);

            var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
            while (run.Problem is null)
            {
                var read = await reader.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                var position = run.ReadLines(buffer, read.IsCompleted, out var more);
                // Lines left in the buffer (the batch filled up) are read at once; a partial line waits for more bytes.
                if (more)
                    reader.AdvanceTo(position);
                else
                    reader.AdvanceTo(position, buffer.End);
                if (run.Batch.IsFull || (read.IsCompleted && !more))
                    await run.FlushAsync(store, cancellationToken);
                if (read.IsCompleted && !more)
                    break;
            }

            await reader.CompleteAsync();
            await run.CompleteStoreAsync(store, cancellationToken);
            run.Finish();
            if (run.Problem is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new ReadingImportSummary(0, 0, 0, 0, [], run.Problem);
            }

            if (run.Stored > 0)
            {
                db.Publish(new ReadingsImported(Guid.CreateVersion7(now), submittedBy, run.Stored, run.Periods.Order().ToList()), now);
                await db.SaveChangesAsync(cancellationToken);
            }

            FaultPoints.Hit("metering.import.before-commit");
            await transaction.CommitAsync(cancellationToken);
            FaultPoints.Hit("metering.import.committed");
            return run.Summary();
        }
        finally
        {
            // A failure while a batch is being stored: let it end before the connection goes back.
            await run.DrainAsync();
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>The state of one import: line numbers, the current batch, the running totals.</summary>
internal sealed class ImportRun(ReadingImportFormat format, ImportBatch batch, IStringLocalizer text)
{
    private readonly ImportLine line = new(format);
    private readonly List<ReadingImportError> errors = [];
    private byte[]? scratch;
    private long lineNumber;
    private bool headerRead = format != ReadingImportFormat.Csv;

    public ImportBatch Batch => batch;

    public string? Problem { get; private set; }

    public long Received { get; private set; }

    public long Stored { get; private set; }

    public long Unchanged { get; private set; }

    public long Rejected { get; private set; }

    public HashSet<DateOnly> Periods { get; } = [];

    /// <summary>Reads the complete lines of the buffer until the batch is full; <paramref name="more"/>: complete lines remain.</summary>
    public SequencePosition ReadLines(ReadOnlySequence<byte> buffer, bool completed, out bool more)
    {
        var reader = new SequenceReader<byte>(buffer);
        more = false;
        while (Problem is null)
        {
            if (batch.IsFull)
            {
                more = !reader.End;
                break;
            }

            if (reader.TryReadTo(out ReadOnlySpan<byte> span, (byte)'\n'))
            {
                Line(span);
            }
            else if (completed && !reader.End)
            {
                var rest = reader.UnreadSequence;
                Line(rest.IsSingleSegment ? rest.FirstSpan : rest.ToArray());
                reader.AdvanceToEnd();
            }
            else
            {
                if (reader.Remaining > ReadingImport.MaxLineBytes)
                    Problem = text["Import_LineTooLong", lineNumber + 1, ReadingImport.MaxLineBytes / 1024];
                break;
            }
        }

        return reader.Position;
    }

    private void Line(ReadOnlySpan<byte> bytes)
    {
        lineNumber++;
        if (lineNumber == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            bytes = bytes[3..];
        if (bytes.Length > ReadingImport.MaxLineBytes)
        {
            Problem = text["Import_LineTooLong", lineNumber, ReadingImport.MaxLineBytes / 1024];
            return;
        }

        bytes = bytes.TrimEnd((byte)'\r').Trim((byte)' ');
        if (bytes.IsEmpty)
            return;
        if (!headerRead)
        {
            headerRead = true;
            if (line.ReadHeader(bytes) is { } missing)
                Problem = text["Import_NoHeader", missing];
            return;
        }

        Received++;
        var fields = default(ImportFields);
        if (line.TrySplit(bytes, ref fields, ref scratch) is not null)
        {
            batch.Rejections.Add(new ImportRejection(lineNumber, format == ReadingImportFormat.Csv ? "Import_BadCsvLine" : "Import_BadJsonLine"));
            return;
        }

        batch.Add(lineNumber, ref fields);
    }

    private Task<Dictionary<DateOnly, long>>? storing;
    private int storingCount;

    /// <summary>
    /// Checks the batch and starts storing it; the next rows are read while the database inserts
    /// these (the host and the database each have a core). The store of the batch before is
    /// awaited first: one connection, at most one batch in flight.
    /// </summary>
    public async Task FlushAsync(ImportStore store, CancellationToken cancellationToken)
    {
        await CompleteStoreAsync(store, cancellationToken);
        if (batch.UnseenSerials.Count > 0)
            batch.Learn(await store.MetersAsync(batch.UnseenSerials, cancellationToken));
        batch.Check();
        if (batch.StagedCount > 0)
        {
            storingCount = batch.StagedCount;
            storing = store.StoreAsync(batch.TakeStaged(), storingCount, cancellationToken);
        }

        Report(batch.Rejections);
        batch.Clear();
    }

    /// <summary>Waits for the batch in flight and counts what it stored; conflicts are looked for only when fewer rows went in than were staged.</summary>
    public async Task CompleteStoreAsync(ImportStore store, CancellationToken cancellationToken)
    {
        if (storing is null)
            return;
        var inserted = await storing;
        storing = null;
        var stored = inserted.Values.Sum();
        Stored += stored;
        Periods.UnionWith(inserted.Keys);
        FaultPoints.Hit("metering.import.batch-stored");
        if (stored == storingCount)
            return;
        var conflicts = await store.ConflictsAsync(cancellationToken);
        Report(conflicts.Select(c => new ImportRejection(c.Line, "Import_Conflict", c.Stored.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture))).ToList());
        Unchanged += storingCount - stored - conflicts.Count;
    }

    /// <summary>Lets a store in flight end (its failure is the request's failure, reported already).</summary>
    public async Task DrainAsync()
    {
        if (storing is not null)
            await storing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Report(List<ImportRejection> rejections)
    {
        Rejected += rejections.Count;
        foreach (var rejection in rejections.OrderBy(r => r.Line))
        {
            if (errors.Count >= IReadingImport.MaxReportedErrors)
                break;
            errors.Add(new ReadingImportError(rejection.Line, ImportBatch.Format(rejection, text)));
        }
    }

    /// <summary>After the last line: a file without a single line (or a CSV file without its header) is refused as a whole.</summary>
    public void Finish()
    {
        if (Problem is null && !headerRead)
            Problem = text["Import_Empty"];
        else if (Problem is null && Received == 0 && format == ReadingImportFormat.JsonLines)
            Problem = text["Import_Empty"];
    }

    /// <summary>Conflicts are found a batch later than the other rejections: the report is put in line order.</summary>
    public ReadingImportSummary Summary() => new(Received, Stored, Unchanged, Rejected, errors.OrderBy(e => e.Line).ToList());
}
