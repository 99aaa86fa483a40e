using System.Globalization;
using Microsoft.Extensions.Localization;
using Utilities.Notifications.Resources;

namespace Utilities.Notifications.Delivery;

/// <summary>A message's subject and text in both languages: the consumer's choice decides which one goes out.</summary>
internal sealed record Bilingual(string SubjectRu, string BodyRu, string SubjectEn, string BodyEn);

/// <summary>The module's texts in a given language, whatever the request's (messages are rendered once for everyone).</summary>
internal sealed class Texts(IStringLocalizer<NotificationsText> text)
{
    public static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public string Get(CultureInfo culture, string key, params object[] args)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return text[key, args].Value.Replace("\\n", "\n", StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    public Bilingual Both(string subjectKey, object[] subjectArgs, string bodyKey, object[] bodyArgs) =>
        new(Get(Russian, subjectKey, subjectArgs), Get(Russian, bodyKey, bodyArgs), Get(English, subjectKey, subjectArgs), Get(English, bodyKey, bodyArgs));

    public Message Message(string source, string topic, Bilingual content, DateTimeOffset now, long? noticeId = null) => new()
    {
        Source = source,
        Topic = topic,
        NoticeId = noticeId,
        SubjectRu = content.SubjectRu,
        BodyRu = content.BodyRu,
        SubjectEn = content.SubjectEn,
        BodyEn = content.BodyEn,
        CreatedAt = now,
    };
}
