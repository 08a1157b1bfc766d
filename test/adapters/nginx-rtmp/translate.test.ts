import t from 'tap'
import { vodFileName } from '../../../src/adapters/nginx-rtmp/translate.js'

t.test('vodFileName is the file nginx-rtmp\'s play directive opens for a name', async t => {
  const opens: Array<[string, string]> = [
    ['movie', 'movie.flv'], ['movie.flv', 'movie.flv'], ['movie.FLV', 'movie.FLV'],
    ['movie.mp4', 'movie.mp4'], ['movie.MP4', 'movie.MP4'],
    ['mp4:movie', 'movie.mp4'], ['MP4:movie', 'movie.mp4'], ['mp4:movie.mp4', 'movie.mp4'], ['Mp4:movie.Mp4', 'movie.Mp4'],
    // the prefix picks the mp4 format, whose suffix the name then lacks
    ['mp4:movie.flv', 'movie.flv.mp4'],
    ['flv:movie', 'flv:movie.flv'], ['dir/movie', 'dir/movie.flv'], ['mp4:', '.mp4']
  ]
  for (const [name, file] of opens) t.equal(vodFileName(name), file, name)
})
