using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLGan;
using MLGan.MLNetInternals;
using MLGan.Persistence;

[assembly: LoadableClass(typeof(GanTransformer), typeof(GanTransformerPersistence), null, typeof(SignatureLoadModel),
    "GAN generator", GanTransformerPersistence.LoaderSignature)]

namespace MLGan.MLNetInternals;

/// <summary>
/// Saves a <see cref="GanTransformer"/> into, and restores it from, an ML.NET model zip through ML.NET's
/// own (internal) persistence API. The generator itself is one binary stream in MLGan's format
/// (<see cref="GeneratorModelFormat"/>); ML.NET's header carries the loader's name and versions.
/// </summary>
internal static class GanTransformerPersistence
{
    public const string LoaderSignature = "MLGanGenerator";
    private const string GeneratorStream = "Generator.bin";

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "MLGANGEN",
        verWrittenCur: 0x00010001, // 1: MLP generator, GeneratorModelFormat v1
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(GanTransformerPersistence).Assembly.FullName);

    public static void Save(ModelSaveContext ctx, Generation.GeneratorModel model)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.Write(GeneratorModelFormat.CurrentVersion);
        ctx.SaveBinaryStream(GeneratorStream, writer => GeneratorModelFormat.Write(writer, model));
    }

    // Found by ML.NET's component catalog (LoadableClass above) when a model zip names this loader.
    private static GanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        _ = ctx.Reader.ReadInt32(); // format version, repeated inside the stream
        Generation.GeneratorModel? model = null;
        if (!ctx.TryLoadBinaryStream(GeneratorStream, reader => model = GeneratorModelFormat.Read(reader)) || model is null)
            throw new InvalidDataException($"The model file has a GAN generator entry but no '{GeneratorStream}' stream; the file is damaged. Save the model again.");
        return new GanTransformer(model);
    }
}
