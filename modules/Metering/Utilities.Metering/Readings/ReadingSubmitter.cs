namespace Utilities.Metering.Readings;

/// <summary>Who submits a reading, which decides the source, the rules and which meters they may touch.</summary>
internal sealed record ReadingSubmitter(string Source, string Who, long? ConsumerId)
{
    /// <summary>A consumer in the cabinet or at the kiosk: only meters of accounts their cabinet shows.</summary>
    public static ReadingSubmitter Consumer(long consumerId) =>
        new(Data.ReadingSources.Consumer, "consumer:" + consumerId.ToString(System.Globalization.CultureInfo.InvariantCulture), consumerId);

    /// <summary>A member of staff entering what an inspector read (round sheet, meter card).</summary>
    public static ReadingSubmitter Inspector(string staffLogin) => new(Data.ReadingSources.Inspector, staffLogin, null);

    /// <summary>A metering system through the bulk endpoint or the command-line import.</summary>
    public static ReadingSubmitter Automation(string client) => new(Data.ReadingSources.Automation, client, null);
}
