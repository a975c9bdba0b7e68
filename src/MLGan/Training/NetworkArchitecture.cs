using MLGan.Data;

namespace MLGan.Training;

/// <summary>
/// Resolves <see cref="GanNetworkOptions.Architecture"/> against the training data, once it is read: <see cref="GanArchitecture.Auto"/>
/// becomes <see cref="GanArchitecture.Dcgan"/> for an image column of a DCGAN size, and stays Auto (MLPs) otherwise.
/// </summary>
internal static class NetworkArchitecture
{
    /// <summary>
    /// The options to train with: <paramref name="options"/> itself, or a copy with the architecture resolved and the
    /// combinations checked again for it. Explicit DCGAN on data that is not a DCGAN-sized image fails with what to do.
    /// </summary>
    public static GanOptions Resolve(GanOptions options, FeatureTable table)
    {
        var image = table.Image;
        switch (options.Networks.Architecture)
        {
            case GanArchitecture.Auto when image is { FitsDcgan: true }:
                var resolved = options.Clone();
                resolved.Networks.Architecture = GanArchitecture.Dcgan;
                RemedyValidator.Validate(resolved);
                return resolved;
            case GanArchitecture.Dcgan when image is not { FitsDcgan: true }:
                throw new ArgumentException(
                    $"GanOptions.Networks.Architecture = Dcgan needs square images of side {string.Join(", ", ImageShape.DcganSides)} with 1 to {ImageShape.MaxChannels} channels, " +
                    $"and the feature column '{options.FeatureColumnName}' {Describe(table)}. {DcganAdvice(table, options.FeatureColumnName)} " +
                    "Or set Networks.Architecture = GanArchitecture.Mlp.", "Networks.Architecture");
            default:
                return options;
        }
    }

    /// <summary>Why an image column trains MLPs under Auto, for the first progress report; null when nothing needs saying.</summary>
    public static string? Warning(GanOptions options, FeatureTable table) => options.Networks.Architecture == GanArchitecture.Auto && table.Image is { FitsDcgan: false } image
        ? $"The feature column '{options.FeatureColumnName}' holds {image} images, not a DCGAN size (square, side {string.Join(", ", ImageShape.DcganSides)}): " +
          "training MLPs on the flattened pixels. Resize with mlContext.Transforms.ResizeImages for DCGAN."
        : null;

    private static string Describe(FeatureTable table) => table.Image is { } image
        ? $"holds {image} images"
        : table.Dimensions.Length > 1
            ? $"is a vector of dimensions ({string.Join(", ", table.Dimensions)}), not an image layout ((C, H, W), (H, W, C) or (H, W))"
            : $"is a plain vector of {table.Size} values (no image dimensions)";

    /// <summary>How to get a DCGAN-sized image column from what the column holds.</summary>
    private static string DcganAdvice(FeatureTable table, string column) => table switch
    {
        { IsImageColumn: true } => $"Resize the images first: mlContext.Transforms.ResizeImages(\"{column}\", 64, 64).",
        { Image: not null } => $"Resize them: mlContext.Transforms.ConvertToImage(height, width, \"Image\", \"{column}\"), then ResizeImages(\"Image\", 64, 64) and train on the \"Image\" column (or ExtractPixels from it).",
        _ => "If the values are pixels, declare the image's dimensions on the column, e.g. [VectorType(1, 28, 28)] on the row class (or a SchemaDefinition column type " +
             "new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28)); for images, load them with LoadImages and ResizeImages.",
    };
}
