using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLGan.Persistence;

/// <summary>
/// <see cref="GanOptions"/> as JSON (fields included, enums and the collapse policy by name): readable by people and
/// tools that show what a model was trained with, and a stable text form for a model file's options section.
/// </summary>
internal static class OptionsJson
{
    private static readonly JsonSerializerOptions Settings = new()
    {
        IncludeFields = true,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(), new CollapsePolicyConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static string Serialize(GanOptions options) => JsonSerializer.Serialize(options, Settings);

    /// <summary>Any part of the options (a group, a value) as JSON, for comparisons.</summary>
    public static string SerializeGroup(object? group) => JsonSerializer.Serialize(group, group?.GetType() ?? typeof(object), Settings);

    public static GanOptions Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<GanOptions>(json, Settings) ?? throw new InvalidDataException("its options are null");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"its options cannot be read ({ex.Message})", ex);
        }
    }

    private sealed class CollapsePolicyConverter : JsonConverter<CollapsePolicy>
    {
        public override CollapsePolicy Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? name = reader.GetString();
            return name switch
            {
                nameof(CollapsePolicy.Warn) => CollapsePolicy.Warn,
                nameof(CollapsePolicy.Stop) => CollapsePolicy.Stop,
                nameof(CollapsePolicy.RollBack) => CollapsePolicy.RollBack,
                nameof(CollapsePolicy.Escalate) => CollapsePolicy.Escalate,
                _ => throw new JsonException($"unknown collapse policy '{name}'"),
            };
        }

        public override void Write(Utf8JsonWriter writer, CollapsePolicy value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
    }
}
