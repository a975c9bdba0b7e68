using System.Runtime.InteropServices;
using MLGan.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLGan.Engine;

/// <summary>A hook, wrapper or input transform with state of its own that a checkpoint must carry (weight averages, lookahead optimizers).</summary>
internal interface ICheckpointed
{
    void WriteState(BinaryWriter writer);

    void ReadState(BinaryReader reader);
}

/// <summary>
/// Helpers for the pieces of a run's state: length-prefixed blocks (so a damaged block cannot make a reader run past its
/// end), random generator states and optimizer states.
/// </summary>
internal static class RunState
{
    /// <summary>What <paramref name="write"/> writes, as bytes: a state kept in memory (rollbacks).</summary>
    public static byte[] Capture(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            write(writer);
        return buffer.ToArray();
    }

    /// <summary>Reads a state kept by <see cref="Capture"/>.</summary>
    public static void Restore(byte[] state, Action<BinaryReader> read)
    {
        using var reader = new BinaryReader(new MemoryStream(state, writable: false));
        read(reader);
    }

    /// <summary>Writes what <paramref name="write"/> writes, prefixed with its length.</summary>
    public static void WriteBlock(BinaryWriter writer, Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var inner = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            write(inner);
        writer.Write(buffer.Length);
        buffer.Position = 0;
        buffer.CopyTo(writer.BaseStream);
    }

    /// <summary>Reads a block written by <see cref="WriteBlock"/>, its length checked against the bytes left first.</summary>
    public static void ReadBlock(BinaryReader reader, string what, Action<BinaryReader> read)
    {
        long length = reader.ReadInt64();
        long remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        if (length < 0 || length > remaining || length > Array.MaxLength)
            throw new InvalidDataException($"the {what} state claims {length} bytes but {remaining} follow");
        using var inner = new BinaryReader(new MemoryStream(reader.ReadBytes((int)length), writable: false));
        try
        {
            read(inner);
        }
        catch (ExternalException ex) // libtorch refused what damaged bytes described (a data type, a shape)
        {
            throw new InvalidDataException($"the {what} state is damaged ({ex.Message.Split('\n')[0].Trim()})", ex);
        }
        if (inner.BaseStream.Position != inner.BaseStream.Length)
            throw new InvalidDataException($"the {what} state has {inner.BaseStream.Length - inner.BaseStream.Position} bytes more than it should");
    }

    public static void WriteGenerator(BinaryWriter writer, Generator random)
    {
        using var state = random.get_state();
        var bytes = state.cpu().data<byte>().ToArray();
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    public static void ReadGenerator(BinaryReader reader, Generator random, string what)
    {
        int length = ReadGeneratorLength(reader, what);
        using var state = tensor(reader.ReadBytes(length), dtype: ScalarType.Byte);
        using var current = random.get_state();
        if (current.numel() != length)
            throw new InvalidDataException($"the {what} random state has {length} bytes, this libtorch's has {current.numel()}");
        RequireValidMersenneTwister(state.data<byte>().ToArray(), what);
        random.set_state(state);
    }

    /// <summary>An optimizer's moments, step counts and settings (TorchSharp's own layout, in a length-checked block).</summary>
    public static void WriteOptimizer(BinaryWriter writer, optim.Optimizer optimizer)
        => WriteBlock(writer, w => ((OptimizerHelper)optimizer).save_state_dict(w));

    public static void ReadOptimizer(BinaryReader reader, optim.Optimizer optimizer, string what)
    {
        // A state for these parameters and options has exactly the length this optimizer's own state has: damaged bytes that
        // change the layout are refused before TorchSharp parses them (and allocates what they describe); libtorch's
        // refusal of the rest (a data type, a shape) becomes an InvalidDataException in ReadBlock.
        long expected;
        using (var counting = new MemoryStream())
        {
            using (var writer = new BinaryWriter(counting, System.Text.Encoding.UTF8, leaveOpen: true))
                ((OptimizerHelper)optimizer).save_state_dict(writer);
            expected = counting.Length;
        }
        ReadBlock(reader, what + " optimizer", r =>
        {
            if (r.BaseStream.Length != expected)
                throw new InvalidDataException($"the {what} optimizer state has {r.BaseStream.Length} bytes where these parameters' has {expected}");
            ((OptimizerHelper)optimizer).load_state_dict(r);
        });
    }

    /// <summary>A network's parameters and buffers.</summary>
    public static void WriteNetwork(BinaryWriter writer, nn.Module network) => Persistence.StateDictFormat.Write(writer, network);

    public static void ReadNetwork(BinaryReader reader, nn.Module network, string what)
        => Persistence.StateDictFormat.Load(network, Persistence.StateDictFormat.Read(reader, what), what);

    /// <summary>
    /// libtorch aborts the process (it does not throw) on a CPU generator state it rejects, so check what it checks first.
    /// The CPU state starts <c>uint64 initial seed; int32 left; int32 seeded; uint64 next; uint64 state[624]; ...</c> and
    /// is valid when seeded is 1, 1 ≤ left ≤ 624 and next ≤ 624. A CUDA (Philox) state is 16 bytes: seed and offset, any value.
    /// </summary>
    private static void RequireValidMersenneTwister(byte[] state, string what)
    {
        const int MersenneStateSize = 624;
        if (state.Length < 24)
            return;
        int left = BitConverter.ToInt32(state, 8), seeded = BitConverter.ToInt32(state, 12);
        ulong next = BitConverter.ToUInt64(state, 16);
        if (seeded != 1 || left is < 1 or > MersenneStateSize || next > MersenneStateSize)
            throw new InvalidDataException($"the {what} random state is damaged (left {left}, seeded {seeded}, next {next})");
    }

    private static int ReadGeneratorLength(BinaryReader reader, string what)
    {
        int length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"the {what} random state claims {length} bytes");
        return length;
    }
}
