using System.Diagnostics;
using System.Globalization;
using Utilities.Billing.Bills;
using Utilities.Billing.Bills.Pdf;

namespace Utilities.Benchmarks;

/// <summary>
/// The printed bill (ADR 14): 10,000 varied bills (3–5 services, names and addresses with Ё, meters,
/// some recalculations and capital-repair blocks) rendered to PDF files in a temporary folder, one
/// renderer per core. The documents are made before the clock starts; the folder is deleted after.
/// No database. BENCH_BILLS changes the count; BENCH_BILLS_KEEP=1 keeps the folder to look at the files.
/// </summary>
internal static class BillsScenario
{
    public static void Run()
    {
        var count = int.Parse(Environment.GetEnvironmentVariable("BENCH_BILLS") ?? "10000", CultureInfo.InvariantCulture);
        var bills = SampleBills.Make(count, seed: 1);
        var folder = Directory.CreateTempSubdirectory("bench-bills-").FullName;
        try
        {
            var pdf = new BillPdf();
            pdf.Render(bills[0]); // fonts and resolver made once, as in a running host
            var load = LoadAverage();
            var sizes = new long[count];
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                using (var file = File.Create(Path.Combine(folder, $"bill-{i:00000}.pdf")))
                    pdf.Render(bills[i], file);
                sizes[i] = new FileInfo(Path.Combine(folder, $"bill-{i:00000}.pdf")).Length;
            });
            var elapsed = watch.Elapsed;
            var cpuPerBill = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bills: {count} bills in {elapsed.TotalSeconds:0.0} s = {count / elapsed.TotalSeconds:0} bills/s; largest {sizes.Max() / 1024.0:0.0} KB, mean {sizes.Average() / 1024.0:0.0} KB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bills-machine: {Environment.ProcessorCount} threads, {cpuPerBill:0.00} ms of CPU per bill; load average {load} before, {LoadAverage()} after; {bills.Count(b => b.RepairFund?.Payee is not null)} bills with two QR codes"));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("BENCH_BILLS_KEEP") == "1")
                Console.Error.WriteLine($"bills kept in {folder}");
            else
                Directory.Delete(folder, recursive: true);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
