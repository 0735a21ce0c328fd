import { useTestHub } from '../support/hub.js';

export const hub = useTestHub();
