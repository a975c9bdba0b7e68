using MLGan.Tensors;
using Microsoft.ML;

namespace MLGan.MLNetInternals;

/// <summary>
/// The one way MLGan components live in an ML.NET model zip: ML.NET's versioned header, then the component's
/// state as a single binary stream in MLGan's own format (see Persistence/).
/// </summary>
internal static class ModelStreams
{
    public static void Save(ModelSaveContext ctx, VersionInfo version, string streamName, Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(version);
        using var held = HeldTensors.Begin();
        ctx.SaveBinaryStream(streamName, write);
    }

    public static T Load<T>(ModelLoadContext ctx, VersionInfo version, string streamName, Func<BinaryReader, T> read) where T : class
    {
        ctx.CheckAtModel(version);
        T? result = null;
        using var held = HeldTensors.Begin();
        if (!ctx.TryLoadBinaryStream(streamName, reader => result = read(reader)) || result is null)
            throw new InvalidDataException($"The model names an MLGan component but has no '{streamName}' stream; the file is damaged. Save the model again.");
        return result;
    }

    /// <summary>
    /// ML.NET's version header of a component: <paramref name="written"/> is what this MLGan writes, <paramref name="readable"/>
    /// the oldest loader version that can read it (older MLGan versions refuse such a zip with ML.NET's own message),
    /// and every version from 0x00010001 on is read back.
    /// </summary>
    public static VersionInfo Version(string signature, string loaderSignature, uint written = 0x00010001, uint readable = 0x00010001) => new(
        modelSignature: signature,
        verWrittenCur: written,
        verReadableCur: readable,
        verWeCanReadBack: 0x00010001,
        loaderSignature: loaderSignature,
        loaderAssemblyName: typeof(ModelStreams).Assembly.FullName);
}
