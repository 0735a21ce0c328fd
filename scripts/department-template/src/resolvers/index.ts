import { mergeResolvers } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { officeResolvers } from './offices.js';

export const resolvers = mergeResolvers<Resolvers>(officeResolvers);
